package io.steward.server.servicedesk;

import java.util.Map;

import io.steward.server.audit.AuditLog;
import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.internal.PriorityMatrixRepository;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Role;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The impact x urgency matrix that sets a new ticket's priority. */
@Service
public class PriorityMatrixService {
    private final PriorityMatrixRepository matrices;
    private final AuditLog audit;

    public PriorityMatrixService(PriorityMatrixRepository matrices, AuditLog audit) {
        this.matrices = matrices;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public PriorityMatrix matrix() {
        return matrices.matrix();
    }

    /** Replaces the matrix (MSP admins); tickets keep the priority they have. */
    @Transactional
    public PriorityMatrix changeMatrix(Viewer viewer, Map<Level, Map<Level, Priority>> cells) {
        viewer.requireWriter(Role.MSP_ADMIN);
        PriorityMatrix matrix;
        try {
            matrix = new PriorityMatrix(cells);
        } catch (NullPointerException e) {
            throw new InvalidInputException("cells", "Give a priority for all nine impact and urgency pairs.");
        }
        audit.record("priority_matrix.updated", "priority_matrix", "", null, Map.of("cells", cells.toString()));
        matrices.saveMatrix(matrix);
        return matrices.matrix();
    }
}
