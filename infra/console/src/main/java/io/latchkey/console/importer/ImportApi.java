package io.latchkey.console.importer;

import java.io.File;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.latchkey.console.web.OperatorToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;

/**
 * user-service's migration import (docs/migrating-from-authy.md), called as the operator: the uploaded file as it
 * is, answered with one JSON line per row, progress lines and a summary line.
 */
@RegisterRestClient(configKey = "latchkey-import")
@RegisterClientHeaders(OperatorToken.class)
@Path("/admin/applications/{id}/users/import")
public interface ImportApi {

    String NDJSON = "application/x-ndjson";

    @POST
    @Consumes("text/csv")
    @Produces(NDJSON)
    String csv(@PathParam("id") long applicationId, @QueryParam("dry_run") boolean dryRun, File rows);

    @POST
    @Consumes(NDJSON)
    @Produces(NDJSON)
    String jsonLines(@PathParam("id") long applicationId, @QueryParam("dry_run") boolean dryRun, File rows);
}
