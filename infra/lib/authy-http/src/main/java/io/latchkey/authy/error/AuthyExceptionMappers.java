package io.latchkey.authy.error;

import java.nio.channels.ClosedChannelException;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.vertx.core.http.HttpClosedException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Every failure leaves as an Authy error body: clients parse {@code message} and {@code error_code}
 * of any non-200 answer and fail on anything else (docs/authy-api.md §1.6). Nothing leaks a stack trace.
 */
public class AuthyExceptionMappers {

    private static final Logger LOG = Logger.getLogger(AuthyExceptionMappers.class);
    private static final MediaType JSON_UTF8 = MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8");

    @ServerExceptionMapper
    public Response authy(AuthyException e) {
        return render(e);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uriInfo) {
        return render(AuthyException.notFound(uriInfo.getPath()));
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        return render(AuthyException.of(405, "60002", "Invalid request: method not allowed on this path"));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return render(AuthyException.invalidRequest("body is not valid JSON"));
    }

    /** Security checks (401/403) keep their status; other framework errors keep status and get the Authy shape. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String reason = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "request refused";
        return render(AuthyException.of(status, "60002", "Invalid request: " + reason));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        // a client that closed its connection before its body was complete (a timeout, a dropped mobile
        // connection): no answer reaches it and nothing of ours failed, so no ERROR, which operators alert on. The
        // worker thread reading the body meets it wrapped in IOExceptions, as Vert.x's HttpClosedException or as
        // the channel's ClosedChannelException, whichever noticed first
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpClosedException || cause instanceof ClosedChannelException) {
                LOG.debugf("client closed its connection during its request: %s", cause);
                return render(AuthyException.invalidRequest("connection closed during the request"));
            }
        }
        LOG.error("unexpected failure while serving a request", e);
        return render(AuthyException.of(500, "60000", "An error occurred"));
    }

    public static Response render(AuthyException e) {
        Response.ResponseBuilder answer = Response.status(e.status()).type(JSON_UTF8).entity(e.body());
        if (e.status() == 503) {
            answer.header("Retry-After", "1"); // as the gateway answers a service that does not answer
        }
        return answer.build();
    }
}
