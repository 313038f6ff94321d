package dev.fleetops.sim.wire;

import dev.fleetops.cloud.api.MemberKind;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.utils.builder.SdkBuilder;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A REST-XML request body into an SDK request builder, by field metadata: members are child elements under their
 * location names, list items under the list's member name (or repeated, when flattened), maps as
 * {@code entry}/{@code key}/{@code value}. No DTDs or external entities are read.
 */
final class XmlReader {

    static final String MALFORMED = "MalformedXML";

    private XmlReader() { }

    static Element parse(byte[] body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(body)).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw new BadRequest(MALFORMED, "The XML you provided was not well-formed or did not validate: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the payload members of {@code builder} from the children of {@code root}. */
    static void fill(SdkPojo builder, Element root, String path) {
        for (SdkField<?> f : builder.sdkFields()) {
            if (!XmlWriter.payload(f)) continue;
            List<Element> found = children(root, f.locationName());
            if (found.isEmpty()) continue;
            ListTrait lt = f.getTrait(ListTrait.class);
            String p = path + "/" + f.locationName();
            if (lt != null && lt.isFlattened()) {
                List<Object> items = new ArrayList<>();
                for (Element e : found) items.add(value(lt.memberFieldInfo(), e, p));
                f.set(builder, items);
            } else {
                f.set(builder, value(f, found.get(0), p));
            }
        }
    }

    private static Object value(SdkField<?> f, Element e, String path) {
        MemberKind kind = Values.kind(f);
        return switch (kind) {
            case STRUCTURE -> {
                SdkPojo b = f.constructor().get();
                fill(b, e, path);
                yield ((SdkBuilder<?, ?>) b).build();
            }
            case LIST -> {
                SdkField<?> member = f.getRequiredTrait(ListTrait.class).memberFieldInfo();
                List<Object> items = new ArrayList<>();
                for (Element item : children(e, null)) items.add(value(member, item, path + "/" + item.getLocalName()));
                yield items;
            }
            case MAP -> {
                MapTrait mt = f.getRequiredTrait(MapTrait.class);
                Map<String, Object> out = new LinkedHashMap<>();
                for (Element entry : children(e, null)) {
                    List<Element> k = children(entry, mt.keyLocationName());
                    List<Element> v = children(entry, mt.valueLocationName());
                    if (k.isEmpty()) throw new BadRequest(MALFORMED, path + ": a map entry has no " + mt.keyLocationName());
                    out.put(k.get(0).getTextContent(), v.isEmpty() ? null : value(mt.valueFieldInfo(), v.get(0), path));
                }
                yield out;
            }
            case DOCUMENT -> throw new BadRequest(MALFORMED, path + " is a document, which XML cannot carry");
            default -> Values.parse(f, e.getTextContent(), path, MALFORMED);
        };
    }

    /** Child elements of {@code parent}, all of them or those named {@code name} (local name). */
    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || name.equals(e.getLocalName()))) out.add(e);
        }
        return out;
    }
}
