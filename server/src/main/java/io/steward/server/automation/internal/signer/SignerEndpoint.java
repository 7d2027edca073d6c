package io.steward.server.automation.internal.signer;

/** Where the signer's channel is and the token it wants on every request. */
record SignerEndpoint(String url, String token) {

    @Override
    public String toString() {
        return "SignerEndpoint[" + url + "]";
    }
}
