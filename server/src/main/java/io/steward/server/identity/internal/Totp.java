package io.steward.server.identity.internal;

import java.time.Clock;

import dev.samstevens.totp.code.CodeGenerator;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import dev.samstevens.totp.exceptions.QrGenerationException;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.qr.ZxingPngQrGenerator;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import io.steward.server.identity.IdentityProperties;
import org.springframework.stereotype.Component;

import static dev.samstevens.totp.util.Utils.getDataUriForImage;

/**
 * RFC 6238 codes (SHA-1, 6 digits, 30 s), as every authenticator app speaks them. A code is
 * accepted for the current step and one step either side for clock drift; the step that matched
 * is returned so the caller can refuse its reuse.
 */
@Component
public class Totp {
    static final int PERIOD_SECONDS = 30;

    private final Clock clock;
    private final IdentityProperties properties;
    private final CodeGenerator generator = new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6);

    public Totp(Clock clock, IdentityProperties properties) {
        this.clock = clock;
        this.properties = properties;
    }

    public String newSecret() {
        return new DefaultSecretGenerator(32).generate();
    }

    /** The time step the code belongs to, or -1 when it matches none near now. */
    public long matchingStep(String secret, String code) {
        if (secret == null || code == null) {
            return -1;
        }
        String digits = code.replace(" ", "").trim();
        if (!digits.matches("\\d{6}")) {
            return -1;
        }
        long now = clock.instant().getEpochSecond() / PERIOD_SECONDS;
        for (long step = now - 1; step <= now + 1; step++) {
            try {
                if (constantTimeEquals(generator.generate(secret, step), digits)) {
                    return step;
                }
            } catch (CodeGenerationException e) {
                return -1;
            }
        }
        return -1;
    }

    public String otpauthUri(String account, String secret) {
        return qrData(account, secret).getUri();
    }

    /** A PNG data URI of the QR code for the authenticator app; rendered inline, never fetched elsewhere. */
    public String qrDataUri(String account, String secret) {
        try {
            ZxingPngQrGenerator png = new ZxingPngQrGenerator();
            return getDataUriForImage(png.generate(qrData(account, secret)), png.getImageMimeType());
        } catch (QrGenerationException e) {
            throw new IllegalStateException("QR code generation failed", e);
        }
    }

    private QrData qrData(String account, String secret) {
        return new QrData.Builder().label(account).secret(secret).issuer(properties.mfaIssuer())
                .algorithm(HashingAlgorithm.SHA1).digits(6).period(PERIOD_SECONDS).build();
    }

    private static boolean constantTimeEquals(String a, String b) {
        return java.security.MessageDigest.isEqual(a.getBytes(), b.getBytes());
    }
}
