package io.steward.server.identity;

import java.util.List;

/**
 * Origins other than Steward's own that its pages may post forms to (the Content-Security-Policy's
 * {@code form-action}): the task signer's signing page, which a page hands a statement to for signing. Another
 * module provides it; without one, forms post to Steward only.
 */
public interface FormTargets {

    /** The origins (scheme://host:port), none when there are none at the moment. */
    List<String> origins();
}
