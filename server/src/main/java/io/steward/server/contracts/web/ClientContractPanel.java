package io.steward.server.contracts.web;

import io.steward.server.contracts.ContractService;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The client page's contract panel, loaded into the page by htmx: the contract in force today, if any. */
@Controller
class ClientContractPanel {
    private final ContractService contracts;

    ClientContractPanel(ContractService contracts) {
        this.contracts = contracts;
    }

    @GetMapping("/clients/{clientId}/panels/contract")
    String contract(Viewer viewer, @PathVariable ClientId clientId, Model model) {
        model.addAttribute("clientId", clientId);
        model.addAttribute("inForce", contracts.inForce(viewer, clientId).orElse(null));
        return "clients/panels :: contract";
    }
}
