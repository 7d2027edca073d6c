package io.steward.server.compliance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.steward.server.audit.AuditLog;
import io.steward.server.compliance.internal.ComplianceRepository;
import io.steward.server.platform.PlatformProperties;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.ClientService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Manual evidence: a note, optionally with a document, attached by a person to a client's control, counting as passing
 * evidence until it expires. Documents are stored like ticket attachments, under {@code $STEWARD_HOME/compliance-evidence/<id>}:
 * a name the server makes, outside any web root; downloads always go out as attachments.
 */
@Service
public class ManualEvidenceService {
    private final ComplianceService compliance;
    private final ComplianceRepository repository;
    private final ClientService clients;
    private final AuditLog audit;
    private final ComplianceProperties properties;
    private final Clock clock;
    private final Path directory;

    public ManualEvidenceService(ComplianceService compliance, ComplianceRepository repository, ClientService clients, AuditLog audit,
                                 ComplianceProperties properties, PlatformProperties platform, Clock clock) {
        this.compliance = compliance;
        this.repository = repository;
        this.clients = clients;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
        this.directory = platform.home().toAbsolutePath().normalize().resolve("compliance-evidence");
    }

    /** A document to store with the note: the uploader's file name and its bytes. */
    public record Document(String originalName, InputStream content) {
    }

    /**
     * Attaches evidence to the control (admins and service managers; audited).
     *
     * @param expiresAt when it stops counting; null for {@code evidence-expiry} from now; must be in the future
     * @param document  null for a note alone
     */
    @Transactional
    public ManualEvidence add(Viewer viewer, ClientId client, String framework, String control, String note, Instant expiresAt, Document document) {
        viewer.requireWriter(ComplianceService.EDITORS);
        clients.get(viewer, client);
        compliance.control(framework, control);
        String n = note == null ? "" : note.strip();
        if (n.isEmpty() || n.length() > 4000) {
            throw new InvalidInputException("note", "Say what the evidence shows (1 to 4,000 characters).");
        }
        Instant now = clock.instant();
        Instant expires = expiresAt == null ? now.plus(properties.evidenceExpiry()) : expiresAt;
        if (!expires.isAfter(now)) {
            throw new InvalidInputException("expiresAt", "The evidence must expire in the future.");
        }
        UUID id = UUID.randomUUID();
        String name = null;
        Long size = null;
        String sha = null;
        if (document != null) {
            name = displayName(document.originalName());
            long[] sz = {0};
            sha = store(id, document.content(), sz);
            size = sz[0];
        }
        ManualEvidence m = new ManualEvidence(id, client, framework, control, n, name, size, sha, viewer.displayName(), now, expires);
        audit.record("compliance.evidence_added", "compliance_evidence", id.toString(), client, Map.of("framework", framework, "control", control,
                "note", n, "file", name == null ? "" : name, "sha256", sha == null ? "" : sha, "expiresAt", expires.toString()));
        repository.insert(m);
        return m;
    }

    /** The client's manual evidence, newest first; of one framework when given. */
    @Transactional(readOnly = true)
    public List<ManualEvidence> list(Viewer viewer, ClientId client, String framework) {
        clients.get(viewer, client);
        return repository.manual(viewer.scope(), client, framework);
    }

    /** Evidence and where its document is, if the viewer sees its client and it has one. */
    public record Download(ManualEvidence evidence, Path file) {
    }

    @Transactional(readOnly = true)
    public Download open(Viewer viewer, UUID id) {
        ManualEvidence m = repository.manual(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such evidence."));
        if (m.fileName() == null) {
            throw new NotFoundException("This evidence is a note without a document.");
        }
        Path file = directory.resolve(m.id().toString());
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("The document of this evidence is missing.");
        }
        return new Download(m, file);
    }

    @Transactional(readOnly = true)
    public ManualEvidence get(Viewer viewer, UUID id) {
        return repository.manual(viewer.scope(), id).orElseThrow(() -> new NotFoundException("No such evidence."));
    }

    /** Where a stored document's bytes are (for the audit pack); may not exist. */
    Path file(UUID id) {
        return directory.resolve(id.toString());
    }

    private String store(UUID id, InputStream content, long[] size) {
        Path target = directory.resolve(id.toString());
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, "upload-", ".part");
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (InputStream in = new DigestInputStream(content, sha); OutputStream out = Files.newOutputStream(temp)) {
                    byte[] buffer = new byte[64 * 1024];
                    int r;
                    while ((r = in.read(buffer)) > 0) {
                        size[0] += r;
                        if (size[0] > properties.maxDocumentBytes()) {
                            throw new InvalidInputException("file", "Documents are at most " + properties.maxDocumentBytes() / (1024 * 1024) + " MB.");
                        }
                        out.write(buffer, 0, r);
                    }
                }
                if (size[0] == 0) {
                    throw new InvalidInputException("file", "The file is empty.");
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                return HexFormat.of().formatHex(sha.digest());
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("could not store the evidence document", e);
        }
    }

    /** The uploader's name reduced to its last path element and printable characters. */
    static String displayName(String original) {
        String name = original == null ? "" : original;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = "document";
        }
        return name.length() > 255 ? name.substring(name.length() - 255) : name;
    }
}
