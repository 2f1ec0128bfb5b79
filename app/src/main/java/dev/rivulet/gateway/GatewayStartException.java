package dev.rivulet.gateway;

/**
 * The gateway cannot start for a reason its operator must fix, said in full by the message: what, the key, the
 * value and the fix. {@code rivulet run} prints the message alone and exits 1.
 */
public final class GatewayStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public GatewayStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
