package io.steward.server.tenancy.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import io.steward.server.shared.ClientId;
import io.steward.server.shared.ContentTooLargeException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.Viewer;
import io.steward.server.tenancy.Logo;
import io.steward.server.tenancy.Logo.LogoInfo;
import io.steward.server.tenancy.LogoImageCheck;
import io.steward.server.tenancy.LogoService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * The MSP's and the clients' logos over HTTP. Uploads are the raw image as the body or a multipart field
 * {@code file}; the server decides the type from the bytes. Downloads carry the stored type, {@code nosniff}, a
 * server-made file name and a CSP under which nothing can run, so a logo is only ever an image.
 */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Logos", description = "The MSP's and the clients' logos for the report cover and headers: PNG or JPEG, at most "
        + LogoImageCheck.MAX_BYTES / 1024 + " KiB and " + LogoImageCheck.MAX_SIDE + " × " + LogoImageCheck.MAX_SIDE + " pixels")
class LogoApi {
    /** Served images may not run or load anything, even if a browser were talked into rendering them as a document. */
    static final String IMAGE_CSP = "default-src 'none'; sandbox";

    private final LogoService logos;

    LogoApi(LogoService logos) {
        this.logos = logos;
    }

    @GetMapping("/msp/logo")
    @Operation(summary = "The MSP's logo (anyone signed in); 404 when none is set")
    @ApiResponse(responseCode = "200", content = {@Content(mediaType = "image/png"), @Content(mediaType = "image/jpeg")})
    ResponseEntity<byte[]> msp(Viewer viewer, @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        return image(logos.msp(viewer), "msp-logo", ifNoneMatch, "No MSP logo is set.");
    }

    @PutMapping("/msp/logo")
    @Operation(summary = "Set the MSP's logo (MSP admin): the raw image as the body, or multipart with the field 'file'; 400 when not an "
            + "acceptable PNG or JPEG, 413 when too large", requestBody = @RequestBody(content = {@Content(mediaType = "image/png"),
            @Content(mediaType = "image/jpeg"), @Content(mediaType = "multipart/form-data")}))
    LogoInfo putMspLogo(Viewer viewer, HttpServletRequest request) throws IOException {
        return logos.putMsp(viewer, upload(request));
    }

    @DeleteMapping("/msp/logo")
    @Operation(summary = "Remove the MSP's logo (MSP admin); the report shows the name alone")
    ResponseEntity<Void> deleteMspLogo(Viewer viewer) {
        logos.deleteMsp(viewer);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/clients/{clientId}/logo")
    @Operation(summary = "The client's logo (whoever sees the client, its portal users included); 404 when none is set")
    @ApiResponse(responseCode = "200", content = {@Content(mediaType = "image/png"), @Content(mediaType = "image/jpeg")})
    ResponseEntity<byte[]> client(Viewer viewer, @PathVariable ClientId clientId,
                                  @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        return image(logos.client(viewer, clientId), "client-logo", ifNoneMatch, "This client has no logo.");
    }

    @PutMapping("/clients/{clientId}/logo")
    @Operation(summary = "Set the client's logo (MSP admin, service manager): the raw image as the body, or multipart with the field 'file'; "
            + "400 when not an acceptable PNG or JPEG, 413 when too large", requestBody = @RequestBody(content = {@Content(mediaType = "image/png"),
            @Content(mediaType = "image/jpeg"), @Content(mediaType = "multipart/form-data")}))
    LogoInfo putClientLogo(Viewer viewer, @PathVariable ClientId clientId, HttpServletRequest request) throws IOException {
        return logos.putClient(viewer, clientId, upload(request));
    }

    @DeleteMapping("/clients/{clientId}/logo")
    @Operation(summary = "Remove the client's logo (MSP admin, service manager)")
    ResponseEntity<Void> deleteClientLogo(Viewer viewer, @PathVariable ClientId clientId) {
        logos.deleteClient(viewer, clientId);
        return ResponseEntity.noContent().build();
    }

    /** The upload's bytes, read no further than one byte past the limit. */
    static byte[] bytes(MultipartFile file) throws IOException {
        if (file == null || file.isEmpty()) {
            throw new InvalidInputException("file", "Choose a PNG or JPEG image.");
        }
        try (InputStream in = file.getInputStream()) {
            return bounded(in);
        }
    }

    /**
     * The uploaded bytes: the multipart field {@code file}, or else the whole body whatever its declared type, since the
     * bytes decide the type. Any type is taken here so that a foreign id is answered 404 before the type is weighed.
     */
    private static byte[] upload(HttpServletRequest request) throws IOException {
        if (request instanceof MultipartHttpServletRequest multipart) {
            return bytes(multipart.getFile("file"));
        }
        if (request.getContentLengthLong() > LogoImageCheck.MAX_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            return bounded(in);
        }
    }

    private static byte[] bounded(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(LogoImageCheck.MAX_BYTES + 1);
        if (bytes.length > LogoImageCheck.MAX_BYTES) {
            throw tooLarge();
        }
        return bytes;
    }

    private static ContentTooLargeException tooLarge() {
        return new ContentTooLargeException("file", "The logo is larger than " + LogoImageCheck.MAX_BYTES / 1024 + " KiB; use a smaller PNG or JPEG.");
    }

    private static ResponseEntity<byte[]> image(Optional<Logo> logo, String stem, String ifNoneMatch, String missing) {
        Logo l = logo.orElseThrow(() -> new NotFoundException(missing));
        String etag = "\"" + l.info().tag() + "\"";
        ResponseEntity.BodyBuilder b = (etag.equals(ifNoneMatch) ? ResponseEntity.status(304) : ResponseEntity.ok())
                .eTag(etag)
                .cacheControl(CacheControl.noCache().cachePrivate())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", IMAGE_CSP)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(l.info().fileName(stem)).build().toString());
        if (etag.equals(ifNoneMatch)) {
            return b.build();
        }
        return b.contentType(MediaType.parseMediaType(l.contentType())).contentLength(l.image().length).body(l.image());
    }
}
