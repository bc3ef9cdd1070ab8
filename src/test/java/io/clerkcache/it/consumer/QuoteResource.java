package io.clerkcache.it.consumer;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The consumer's own cached values over HTTP, with how often they were computed. */
@Path("quotes/{symbol}")
@Produces(MediaType.APPLICATION_JSON)
public class QuoteResource {

    @Inject
    QuoteService quotes;

    @GET
    public JsonObject quote(@PathParam("symbol") String symbol) {
        String quote = quotes.quote(symbol);
        return Json.createObjectBuilder().add("quote", quote).add("computed", quotes.computed()).build();
    }

    @DELETE
    public void forget(@PathParam("symbol") String symbol) {
        quotes.forget(symbol);
    }
}
