package io.steward.server.servicedesk.web;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.PriorityMatrix;
import io.steward.server.servicedesk.PriorityMatrixService;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The impact x urgency matrix that sets a new ticket's priority. */
@RestController
@RequestMapping("/api/v1/priority-matrix")
@Tag(name = "Tickets")
class PriorityMatrixApi {
    private final PriorityMatrixService matrices;

    PriorityMatrixApi(PriorityMatrixService matrices) {
        this.matrices = matrices;
    }

    /** One cell. */
    record Cell(@NotNull Level impact, @NotNull Level urgency, @NotNull Priority priority) {
    }

    /** All nine cells. */
    record Matrix(@NotNull @Size(min = 9, max = 9) List<@Valid @NotNull Cell> cells) {
    }

    @GetMapping
    @Operation(summary = "The nine impact x urgency cells")
    Matrix get(Viewer viewer) {
        return of(matrices.matrix());
    }

    @PutMapping
    @Operation(summary = "Replace the matrix (MSP admin); existing tickets keep their priority")
    Matrix put(Viewer viewer, @Valid @RequestBody Matrix matrix) {
        return of(matrices.changeMatrix(viewer, cells(matrix.cells())));
    }

    static Map<Level, Map<Level, Priority>> cells(List<Cell> cells) {
        Map<Level, Map<Level, Priority>> m = new EnumMap<>(Level.class);
        for (Cell c : cells) {
            if (m.computeIfAbsent(c.impact(), k -> new EnumMap<>(Level.class)).put(c.urgency(), c.priority()) != null) {
                throw new InvalidInputException("cells", "Each impact and urgency pair appears once.");
            }
        }
        return m;
    }

    static Matrix of(PriorityMatrix matrix) {
        List<Cell> cells = new ArrayList<>();
        for (Level i : Level.values()) {
            for (Level u : Level.values()) {
                cells.add(new Cell(i, u, matrix.priorityOf(i, u)));
            }
        }
        return new Matrix(cells);
    }
}
