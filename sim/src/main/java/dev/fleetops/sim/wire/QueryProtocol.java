package dev.fleetops.sim.wire;

import software.amazon.awssdk.core.SdkPojo;

import java.util.Map;

/**
 * The AWS query protocol (Auto Scaling, ELBv2, STS: answers wrapped in {@code <OpResponse><OpResult>} with a
 * {@code ResponseMetadata}, errors as {@code <ErrorResponse>}) and its EC2 flavour (no Result wrapper, a
 * {@code requestId} member, errors as {@code <Response><Errors><Error>}); "Error responses" in the EC2 API
 * reference, "Query API error responses" in the Smithy AWS query protocol page.
 */
record QueryProtocol(String xmlns, boolean ec2, QueryNames names, Fragments fragments) implements WireProtocol {

    QueryProtocol(String xmlns, boolean ec2) {
        this(xmlns, ec2, QueryNames.MODEL, Fragments.NONE);
    }

    QueryProtocol(String xmlns, boolean ec2, QueryNames names) {
        this(xmlns, ec2, names, Fragments.NONE);
    }

    private static final String XML = "text/xml";
    private static final String PROLOG = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    @Override
    public String operation(WireRequest r) {
        return r.param("Action");
    }

    @Override
    public Object decode(WireRequest r, SdkPojo requestBuilder) {
        Map<String, String> params = r.form();
        params.remove("Action");
        String v = params.remove("Version");
        if (v != null && !v.equals(version())) {
            // EC2: "NoSuchVersion" (EC2 API Reference, "Common client error codes"); AWS query services find no such
            // operation in that version (InvalidAction)
            throw ec2 ? new BadRequest("NoSuchVersion", "The requested version (" + v + ") of service AmazonEC2 does not exist")
                    : new BadRequest("InvalidAction", "Could not find operation " + r.param("Action") + " for version " + v);
        }
        names.outsideForm(r).forEach(params::putIfAbsent);
        return QueryDecoder.decode(params, requestBuilder, ec2, names);
    }

    @Override
    public Answer answer(String operation, SdkPojo response, String requestId) {
        XmlWriter w = new XmlWriter(names, fragments).raw(PROLOG).raw("<" + operation + "Response xmlns=\"" + xmlns + "\">");
        if (ec2) {
            w.element("requestId", requestId).members(response);
        } else {
            if (!XmlWriter.empty(response)) w.open(operation + "Result").members(response).close(operation + "Result");
            w.open("ResponseMetadata").element("RequestId", requestId).close("ResponseMetadata");
        }
        w.close(operation + "Response");
        return Answer.of(200, XML, w.bytes());
    }

    @Override
    public Answer error(Failure f, String requestId) {
        XmlWriter w = new XmlWriter().raw(PROLOG);
        if (ec2) {
            w.open("Response").open("Errors").open("Error").element("Code", f.code()).element("Message", f.message())
                    .close("Error").close("Errors").element("RequestID", requestId).close("Response");
        } else {
            w.raw("<ErrorResponse xmlns=\"" + xmlns + "\">").open("Error").element("Type", f.sender() ? "Sender" : "Receiver")
                    .element("Code", f.code()).element("Message", f.message()).close("Error")
                    .element("RequestId", requestId).close("ErrorResponse");
        }
        return Answer.of(f.status(), XML, w.toString());
    }

    @Override
    public String unknownOperationCode() {
        return "InvalidAction";
    }

    @Override
    public String missingOperationCode() {
        return "MissingAction";
    }

    /** "MissingParameter" in the Common Errors of the EC2, Auto Scaling, ELBv2, STS and SQS API references. */
    @Override
    public BadRequest missingMember(String member) {
        return new BadRequest("MissingParameter", "The request must contain the parameter " + member);
    }

    /** The API version the service's namespace names ({@code .../doc/2016-11-15/}), the one {@code Version} must carry. */
    String version() {
        String s = xmlns.endsWith("/") ? xmlns.substring(0, xmlns.length() - 1) : xmlns;
        return s.substring(s.lastIndexOf('/') + 1);
    }
}
