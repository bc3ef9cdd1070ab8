package io.clerkcache.api.openapi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Lists each operation's responses in the order of their status codes, the success first. The resource classes
 * declare the error responses all their methods share on the class, and the scanner adds those before each method's
 * own; without this filter the OpenAPI UI would show a 200 after the 503. Registered with {@code mp.openapi.filter}.
 */
public final class ResponseOrderFilter implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses != null && responses.getAPIResponses() != null) {
            // "200" < "204" < "400" < ... < "default": digits sort before letters
            Map<String, APIResponse> byStatus = new TreeMap<>(responses.getAPIResponses());
            responses.setAPIResponses(new LinkedHashMap<>(byStatus));
        }
        return operation;
    }
}
