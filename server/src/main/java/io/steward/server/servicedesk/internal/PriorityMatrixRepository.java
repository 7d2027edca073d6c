package io.steward.server.servicedesk.internal;

import java.util.EnumMap;
import java.util.Map;

import io.steward.server.contracts.Priority;
import io.steward.server.servicedesk.Level;
import io.steward.server.servicedesk.PriorityMatrix;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The priority_matrix table: the priority each impact and urgency pair gives a new ticket. */
@Repository
public class PriorityMatrixRepository {
    private static final long MATRIX_TTL_NANOS = 5_000_000_000L;

    private final JdbcClient jdbc;
    private volatile CachedMatrix matrix;

    PriorityMatrixRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The impact x urgency matrix. Every create needs it and it changes perhaps once a year, so it is
     * kept for {@link #MATRIX_TTL_NANOS}: a change made on this node applies at once (dropped now and
     * again after its commit, so a reader in between cannot keep the old one), on another node within
     * that time.
     */
    public PriorityMatrix matrix() {
        CachedMatrix cached = matrix;
        if (cached != null && System.nanoTime() - cached.loadedAt() < MATRIX_TTL_NANOS) {
            return cached.matrix();
        }
        Map<Level, Map<Level, Priority>> cells = new EnumMap<>(Level.class);
        jdbc.sql("SELECT impact, urgency, priority FROM priority_matrix").query(rs -> {
            cells.computeIfAbsent(Level.ofRank(rs.getInt(1)), k -> new EnumMap<>(Level.class))
                    .put(Level.ofRank(rs.getInt(2)), Priority.ofLevel(rs.getInt(3)));
        });
        PriorityMatrix loaded = new PriorityMatrix(cells);
        matrix = new CachedMatrix(loaded, System.nanoTime());
        return loaded;
    }

    public void saveMatrix(PriorityMatrix changed) {
        for (Level impact : Level.values()) {
            for (Level urgency : Level.values()) {
                jdbc.sql("UPDATE priority_matrix SET priority = ? WHERE impact = ? AND urgency = ?")
                        .params(changed.priorityOf(impact, urgency).level(), impact.rank(), urgency.rank()).update();
            }
        }
        io.steward.server.shared.Forget.nowAndAfterTransaction(() -> matrix = null);
    }

    private record CachedMatrix(PriorityMatrix matrix, long loadedAt) {
    }
}
