package io.steward.server.contracts.internal;

import java.util.Set;

import io.steward.server.shared.CalendarId;
import io.steward.server.shared.ContractId;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.PathIdGuard;
import io.steward.server.shared.TierId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Calendars and tiers are visible to MSP staff; a contract to staff who see its client. */
@Component
class ContractsIdGuard implements PathIdGuard {
    private final ContractsRepository repository;

    ContractsIdGuard(ContractsRepository repository) {
        this.repository = repository;
    }

    @Override
    public Set<String> variables() {
        return Set.of("calendarId", "tierId", "contractId");
    }

    @Override
    @Transactional(readOnly = true)
    public boolean visible(Viewer viewer, String variable, String value) {
        if (!viewer.isStaff()) {
            return false;
        }
        try {
            return switch (variable) {
                case "calendarId" -> repository.calendar(CalendarId.parse(value)).isPresent();
                case "tierId" -> repository.tier(TierId.parse(value)).isPresent();
                case "contractId" -> repository.contract(viewer.scope(), ContractId.parse(value)).isPresent();
                default -> false;
            };
        } catch (NotFoundException malformed) {
            return false;
        }
    }
}
