package io.steward.server.servicedesk;

import java.io.ByteArrayInputStream;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.steward.server.platform.PlatformProperties;
import io.steward.server.shared.ClientId;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.TicketId;
import io.steward.server.shared.Viewer;
import io.steward.server.servicedesk.internal.AttachmentRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ticket attachments. Files are stored under {@code $STEWARD_HOME/attachments/<id>}: a name the
 * server makes, outside any web root, so nothing an uploader names or sends can choose where it
 * lands or be served as a page or a program. Downloads always go out as attachments.
 */
@Service
public class AttachmentService {
    private final TicketService tickets;
    private final AttachmentRepository repository;
    private final Clock clock;
    private final Path directory;
    private final long maxBytes;

    public AttachmentService(TicketService tickets, AttachmentRepository repository, Clock clock, PlatformProperties platform, ServiceDeskProperties properties) {
        this.tickets = tickets;
        this.repository = repository;
        this.clock = clock;
        this.directory = platform.home().toAbsolutePath().normalize().resolve("attachments");
        this.maxBytes = properties.maxAttachmentBytes();
    }

    @Transactional
    public Attachment attach(Viewer viewer, TicketId id, String originalName, InputStream content) {
        if (viewer.readOnly()) {
            throw new io.steward.server.shared.ForbiddenException("This API token is read-only.");
        }
        TicketView t = tickets.get(viewer, id);
        if (t.status() == TicketStatus.CLOSED) {
            throw new ConflictException("file", "The ticket is closed.");
        }
        Stored stored = store(originalName, content);
        Attachment a = new Attachment(stored.id(), id.value(), stored.name(), stored.size(), stored.sha256(), viewer.displayName(), clock.instant());
        repository.insert(a, t.clientId(), viewer.isStaff());
        return a;
    }

    /**
     * Stores a file that came with a client's mail on the ticket, under the same rules as an upload, with
     * {@code uploadedBy} (the sender) as its uploader and visible to the client. Runs in the mail pipeline's transaction,
     * which holds system scope. A file over the size limit, or an empty one, is not stored: the answer is then empty,
     * and the caller says so where people read it (a mail's attachment is no reason to lose the mail).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Attachment> attachFromEmail(TicketId id, ClientId client, String originalName, String uploadedBy, byte[] content) {
        if (content.length == 0 || content.length > maxBytes) {
            return Optional.empty();
        }
        Stored stored = store(originalName, new ByteArrayInputStream(content));
        Attachment a = new Attachment(stored.id(), id.value(), stored.name(), stored.size(), stored.sha256(), uploadedBy, clock.instant());
        repository.insert(a, client, false);
        return Optional.of(a);
    }

    private record Stored(UUID id, String name, long size, String sha256) {
    }

    /** Writes the bytes under a new server-made name; refuses (and removes) an empty or too large file. */
    private Stored store(String originalName, InputStream content) {
        String name = displayName(originalName);
        UUID attachmentId = UUID.randomUUID();
        Path target = directory.resolve(attachmentId.toString());
        long size;
        String digest;
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, "upload-", ".part");
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (InputStream in = new DigestInputStream(content, sha); OutputStream out = Files.newOutputStream(temp)) {
                    size = copyLimited(in, out);
                }
                digest = HexFormat.of().formatHex(sha.digest());
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("could not store attachment", e);
        }
        if (size == 0) {
            deleteQuietly(target);
            throw new InvalidInputException("file", "The file is empty.");
        }
        return new Stored(attachmentId, name, size, digest);
    }

    @Transactional(readOnly = true)
    public List<Attachment> ofTicket(Viewer viewer, TicketId id) {
        tickets.get(viewer, id);
        return repository.ofTicket(id);
    }

    /** The attachment and its bytes, if the viewer sees the ticket it belongs to. */
    @Transactional(readOnly = true)
    public Download open(Viewer viewer, TicketId ticket, UUID attachmentId) {
        Attachment a = ofTicket(viewer, ticket).stream().filter(x -> x.id().equals(attachmentId)).findFirst()
                .orElseThrow(() -> new NotFoundException("No such attachment."));
        Path file = directory.resolve(a.id().toString());
        if (!Files.isRegularFile(file)) {
            throw new NotFoundException("The file of this attachment is missing.");
        }
        return new Download(a, file);
    }

    /** An attachment and where its bytes are. */
    public record Download(Attachment attachment, Path file) {
    }

    private long copyLimited(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new InvalidInputException("file", "Attachments are at most " + maxBytes / (1024 * 1024) + " MB.");
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    /** The uploader's name reduced to its last path element and printable characters. */
    static String displayName(String original) {
        String name = original == null ? "" : original;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[\\p{Cntrl}\"]", "").strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = "attachment";
        }
        return name.length() > 255 ? name.substring(name.length() - 255) : name;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stray file under a server-made name is harmless
        }
    }
}
