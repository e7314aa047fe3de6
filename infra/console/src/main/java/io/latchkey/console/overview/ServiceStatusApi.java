package io.latchkey.console.overview;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.console.web.OperatorToken;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Each service's database, broker and consumer lag (docs/operations.md "Health"); the gateway routes by service. */
@RegisterRestClient(configKey = "latchkey-api")
@RegisterClientHeaders(OperatorToken.class)
@Path("/admin/status/{service}")
public interface ServiceStatusApi {

    /** The services, in the order the overview shows them. */
    List<String> SERVICES = List.of("user-service", "token-service", "push-service", "notifier-service");

    record ConsumerLag(String channel, String group, List<String> topics, Long lag) {
    }

    record Status(String service, boolean database, boolean broker,
            @JsonProperty("broker_unavailable_since") Instant brokerUnavailableSince, List<ConsumerLag> consumers) {
    }

    @GET
    Status status(@PathParam("service") String service);
}
