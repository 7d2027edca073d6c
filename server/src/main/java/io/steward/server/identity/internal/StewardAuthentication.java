package io.steward.server.identity.internal;

import java.io.Serial;
import java.util.List;

import io.steward.server.shared.Viewer;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The authentication Steward keeps in the session or builds from an API token. Its name is the
 * user id, so sessions can be found (and killed) by user; {@code securityStamp} is the user's stamp
 * when it was minted, compared on every request.
 */
public final class StewardAuthentication extends AbstractAuthenticationToken {
    @Serial
    private static final long serialVersionUID = 1L;

    private final Viewer viewer;
    private final SignInStage stage;
    private final int securityStamp;
    private final boolean viaToken;

    private StewardAuthentication(Viewer viewer, SignInStage stage, int securityStamp, boolean viaToken) {
        super(List.of(new SimpleGrantedAuthority(stage == SignInStage.COMPLETE ? "ROLE_" + viewer.role().name() : stage.authority())));
        this.viewer = viewer;
        this.stage = stage;
        this.securityStamp = securityStamp;
        this.viaToken = viaToken;
        setAuthenticated(true);
    }

    public static StewardAuthentication session(Viewer viewer, SignInStage stage, int securityStamp) {
        return new StewardAuthentication(viewer, stage, securityStamp, false);
    }

    public static StewardAuthentication token(Viewer viewer, int securityStamp) {
        return new StewardAuthentication(viewer, SignInStage.COMPLETE, securityStamp, true);
    }

    public StewardAuthentication advancedTo(SignInStage next, int stamp) {
        return new StewardAuthentication(viewer, next, stamp, viaToken);
    }

    /** The principal is the {@link Viewer} only once sign-in is complete; before, nothing may act on its behalf. */
    @Override
    public Object getPrincipal() {
        return stage == SignInStage.COMPLETE ? viewer : viewer.userId().toString();
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public String getName() {
        return viewer.userId().toString();
    }

    public Viewer viewer() {
        return viewer;
    }

    public SignInStage stage() {
        return stage;
    }

    public int securityStamp() {
        return securityStamp;
    }

    public boolean viaToken() {
        return viaToken;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StewardAuthentication other && other.viewer.equals(viewer) && other.stage == stage
                && other.securityStamp == securityStamp && other.viaToken == viaToken;
    }

    @Override
    public int hashCode() {
        return viewer.hashCode() * 31 + stage.hashCode();
    }
}
