package dev.fleetops.sim.wire;

import dev.fleetops.cloud.api.ServiceApi;
import org.w3c.dom.Element;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.traits.TimestampFormatTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

import java.util.Map;

/**
 * The REST-XML protocol (Route 53): the operation by method and URI template ({@link RestRoutes}), members in the
 * URI's labels, the query string, headers and an XML body; answers as {@code <OpResponse xmlns=...>} with header
 * members as headers; errors as {@code <ErrorResponse><Error>} ("AWS restXml protocol" in the Smithy docs).
 */
final class RestXmlProtocol implements WireProtocol {

    private static final String PROLOG = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private final String xmlns;
    private final RestRoutes routes;
    private final XmlWriter.Adjust adjust;

    RestXmlProtocol(String xmlns, ServiceApi api, XmlWriter.Adjust adjust) {
        this.xmlns = xmlns;
        this.routes = new RestRoutes(api);
        this.adjust = adjust;
    }

    /**
     * Route 53 answers ids with their resource path ({@code /hostedzone/Z1...}, {@code /change/C2...},
     * {@code /delegationset/N3...}; "HostedZone", "ChangeInfo" in the Route 53 API reference), which the Java SDK strips
     * as it reads them (its Route53IdInterceptor) and the simulator therefore keeps bare: put them back on the wire.
     */
    static XmlWriter.Adjust route53Ids() {
        return (owner, field, v) -> {
            if (!field.memberName().equals("Id") || !(v instanceof String id) || id.startsWith("/")) return v;
            if (owner instanceof software.amazon.awssdk.services.route53.model.HostedZone) return "/hostedzone/" + id;
            if (owner instanceof software.amazon.awssdk.services.route53.model.ChangeInfo) return "/change/" + id;
            if (owner instanceof software.amazon.awssdk.services.route53.model.DelegationSet) return "/delegationset/" + id;
            return v;
        };
    }

    @Override
    public String operation(WireRequest r) {
        return routes.match(r.method(), r.path()).map(m -> m.operation().name()).orElse(null);
    }

    @Override
    public Object decode(WireRequest r, SdkPojo requestBuilder) {
        RestRoutes.Match m = routes.match(r.method(), r.path()).orElseThrow(() ->
                new BadRequest(unknownOperationCode(), "No operation at " + r.method() + " " + r.path()));
        Map<String, String> query = new WireRequest("GET", r.path(), r.query(), Map.of(), new byte[0]).form();
        for (SdkField<?> f : requestBuilder.sdkFields()) {
            String text = f.location() == MarshallLocation.PATH || f.location() == MarshallLocation.GREEDY_PATH
                    ? m.labels().get(f.locationName())
                    : f.location() == MarshallLocation.QUERY_PARAM ? query.get(f.locationName())
                    : f.location() == MarshallLocation.HEADER ? r.header(f.locationName()) : null;
            if (text != null) f.set(requestBuilder, Values.parse(f, text, f.locationName(), "InvalidInput"));
        }
        if (r.body().length > 0) {
            Element root = XmlReader.parse(r.body());
            XmlReader.fill(requestBuilder, root, root.getLocalName());
        }
        return ((SdkBuilder<?, ?>) requestBuilder).build();
    }

    @Override
    public Answer answer(String operation, SdkPojo response, String requestId) {
        XmlWriter w = new XmlWriter(adjust).raw(PROLOG).raw("<" + operation + "Response xmlns=\"" + xmlns + "\">")
                .members(response).close(operation + "Response");
        Answer a = Answer.of(200, "text/xml", w.toString()).with("x-amzn-RequestId", requestId);
        for (SdkField<?> f : response.sdkFields()) {
            Object v = f.getValueOrDefault(response);
            if (f.location() == MarshallLocation.HEADER && !XmlWriter.absent(v)) {
                a = a.with(f.locationName(), Values.text(f, v, TimestampFormatTrait.Format.RFC_822));
            }
        }
        return a;
    }

    @Override
    public Answer error(Failure f, String requestId) {
        XmlWriter w = new XmlWriter().raw(PROLOG).raw("<ErrorResponse xmlns=\"" + xmlns + "\">").open("Error")
                .element("Type", f.sender() ? "Sender" : "Receiver").element("Code", f.code())
                .element("Message", f.message()).close("Error").element("RequestId", requestId).close("ErrorResponse");
        return Answer.of(f.status(), "text/xml", w.toString()).with("x-amzn-RequestId", requestId);
    }

    @Override
    public String unknownOperationCode() {
        return "InvalidAction";
    }

    @Override
    public String missingOperationCode() {
        return "InvalidAction";
    }

    /** Route 53 answers a request that fails its model's constraints with its modelled InvalidInput. */
    @Override
    public BadRequest missingMember(String member) {
        return new BadRequest("InvalidInput", "1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }
}
