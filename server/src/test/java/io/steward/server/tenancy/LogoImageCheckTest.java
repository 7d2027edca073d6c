package io.steward.server.tenancy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.imageio.ImageIO;

import io.steward.server.shared.ContentTooLargeException;
import io.steward.server.shared.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogoImageCheckTest {

    /** A real image of the given size and format, drawn and encoded by the JDK. */
    static byte[] image(String format, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(new Color(30, 90, 160));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, Math.max(1, width / 2), Math.max(1, height / 2));
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, format, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    @Test
    void pngAndJpegAreAcceptedWithTheTypeAndSizeReadFromTheBytes() {
        assertThat(LogoImageCheck.check(image("png", 120, 40))).isEqualTo(new LogoImageCheck.Accepted("image/png", 120, 40));
        LogoImageCheck.Accepted jpeg = LogoImageCheck.check(image("jpg", 300, 100));
        assertThat(jpeg).isEqualTo(new LogoImageCheck.Accepted("image/jpeg", 300, 100));
        assertThat(jpeg.extension()).isEqualTo("jpg");
        assertThat(LogoImageCheck.check(image("png", LogoImageCheck.MAX_SIDE, 1)).width()).isEqualTo(LogoImageCheck.MAX_SIDE);
    }

    @Test
    void otherFormatsAndMarkupAreRefusedWhateverTheyClaim() {
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><rect width=\"10\" height=\"10\"/></svg>";
        assertRefused(svg.getBytes(StandardCharsets.UTF_8), "neither");
        assertRefused("<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8), "neither");
        assertRefused(image("gif", 20, 20), "neither");
        assertRefused(image("bmp", 20, 20), "neither");
        assertRefused(new byte[0], "Choose");
        assertRefused(null, "Choose");
    }

    @Test
    void truncatedOrExtendedImagesAreRefused() {
        byte[] png = image("png", 64, 64);
        assertRefused(Arrays.copyOf(png, png.length / 2), "cut short");
        byte[] jpeg = image("jpg", 64, 64);
        assertRefused(Arrays.copyOf(jpeg, jpeg.length - 10), "cut short");
        // A polyglot: a valid PNG with a page behind it.
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        byte[] both = Arrays.copyOf(png, png.length + html.length);
        System.arraycopy(html, 0, both, png.length, html.length);
        assertRefused(both, "data after its end");
    }

    @Test
    void aHeaderThatLiesAboutTheImageIsRefused() {
        // The PNG signature and a proper IEND end, but nothing decodable between them.
        byte[] png = image("png", 8, 8);
        byte[] fake = new byte[200];
        System.arraycopy(png, 0, fake, 0, 8);
        System.arraycopy(png, png.length - 12, fake, fake.length - 12, 12);
        assertRefused(fake, "cannot be read");
        // A valid header and end with the pixel data scrambled.
        byte[] scrambled = png.clone();
        for (int i = 41; i < scrambled.length - 16; i++) {
            scrambled[i] = (byte) (scrambled[i] ^ 0x5a);
        }
        assertThatThrownBy(() -> LogoImageCheck.check(scrambled)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void tooManyPixelsAreRefusedFromTheHeader() {
        assertRefused(image("png", LogoImageCheck.MAX_SIDE + 1, 2), "pixels");
        assertRefused(image("png", 2, LogoImageCheck.MAX_SIDE + 1), "pixels");
        assertRefused(image("jpg", LogoImageCheck.MAX_SIDE + 10, 8), "pixels");
    }

    @Test
    void aHeaderClaimingHugeDimensionsIsRefusedBeforeDecoding() {
        // IHDR says 100000 x 100000 (a decompression bomb's header); the pixels would be 40 GB.
        byte[] png = image("png", 4, 4);
        byte[] bomb = png.clone();
        writeInt(bomb, 16, 100_000);
        writeInt(bomb, 20, 100_000);
        assertRefused(bomb, "pixels");
    }

    @Test
    void moreThanTheLimitIsTooLarge() {
        byte[] big = new byte[LogoImageCheck.MAX_BYTES + 1];
        byte[] png = image("png", 4, 4);
        System.arraycopy(png, 0, big, 0, png.length);
        assertThatThrownBy(() -> LogoImageCheck.check(big)).isInstanceOf(ContentTooLargeException.class).hasMessageContaining("512 KiB");
    }

    @Property(tries = 200)
    void arbitraryBytesAreRefusedCleanly(@ForAll @Size(max = 2000) byte[] bytes) {
        // Whatever arrives, the answer is a refusal the caller can show (400), never another exception.
        try {
            LogoImageCheck.check(bytes);
            assertThat(bytes).startsWith((byte) 0x89);
        } catch (InvalidInputException expected) {
            assertThat(expected.fieldErrors()).containsKey("file");
        }
    }

    @Property(tries = 100)
    void everyTruncationOfAValidPngIsRefused(@ForAll @IntRange(min = 1, max = 99) int percent) {
        byte[] png = image("png", 40, 30);
        byte[] cut = Arrays.copyOf(png, Math.max(1, png.length * percent / 100));
        assertThatThrownBy(() -> LogoImageCheck.check(cut)).isInstanceOf(InvalidInputException.class);
    }

    @Property(tries = 50)
    void everyFlippedByteInAPngIsRefusedOrStillAnImageOfTheSameSize(@ForAll @IntRange(min = 0, max = 10_000) int position,
                                                                     @ForAll @IntRange(min = 1, max = 255) int mask) {
        byte[] png = image("png", 40, 30);
        byte[] damaged = png.clone();
        damaged[position % png.length] ^= (byte) mask;
        try {
            LogoImageCheck.Accepted a = LogoImageCheck.check(damaged);
            // A flip in an ancillary place can leave a valid image; it is then still the PNG it says it is.
            assertThat(a.contentType()).isEqualTo("image/png");
            assertThat(a.width()).isPositive().isLessThanOrEqualTo(LogoImageCheck.MAX_SIDE);
        } catch (InvalidInputException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }

    private static void assertRefused(byte[] bytes, String why) {
        assertThatThrownBy(() -> LogoImageCheck.check(bytes)).isInstanceOf(InvalidInputException.class)
                .isNotInstanceOf(ContentTooLargeException.class).hasMessageContaining(why);
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
