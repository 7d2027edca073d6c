package io.steward.protocol.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class PatchInstallTest {

    @Test
    void packagesAreWrittenInNameOrderAndReadBackExactly() {
        String value = PatchInstall.packages(List.of(new PatchInstall.Package("openssl", "3.0.15-1~deb12u1"),
                new PatchInstall.Package("libc6:amd64", "2.36-9+deb12u9")));
        assertThat(value).isEqualTo("libc6:amd64=2.36-9+deb12u9 openssl=3.0.15-1~deb12u1");
        assertThat(PatchInstall.parsePackages(value)).extracting(PatchInstall.Package::name).containsExactly("libc6:amd64", "openssl");
        // RPM names may have capitals.
        assertThat(PatchInstall.parsePackages("NetworkManager=1:1.46.0-19.el9")).hasSize(1);
    }

    @Test
    void anythingThatCouldReachAPackageManagerAsAnOptionOrTwiceIsRefused() {
        for (String bad : List.of("", "openssl", "-o=1", "openssl=1 openssl=2", "zlib=1 curl=2", "openssl=1;rm", "openssl=1  curl=2",
                "openssl=$(id)", "--force-yes=1")) {
            assertThatThrownBy(() -> PatchInstall.parsePackages(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
