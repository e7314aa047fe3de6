package io.latchkey.token.authenticator;

import io.latchkey.authy.error.AuthyException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * The QR image URL returned by {@code secret}: a capability URL (256 random bits), no API key,
 * valid 24 hours or until the user's next secret. The image holds the seed, so it is never cached.
 */
@Path("/qr")
public class QrImageResource {

    @Inject
    AuthenticatorService authenticators;

    @GET
    @Path("/{token}.png")
    public Response image(@PathParam("token") String token) {
        if (!token.matches("[A-Za-z0-9_-]{43}")) {
            throw AuthyException.notFound("QR code");
        }
        byte[] png = authenticators.png(token).orElseThrow(() -> AuthyException.notFound("QR code"));
        return Response.ok(png, "image/png")
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }
}
