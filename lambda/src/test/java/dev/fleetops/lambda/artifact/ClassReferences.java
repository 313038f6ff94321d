package dev.fleetops.lambda.artifact;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class names a class file's constant pool mentions (class entries, descriptors, generic signatures), as
 * internal names matching a pattern. Read from the format of The Java Virtual Machine Specification, chapter 4.4
 * "The Constant Pool": every name a class can load appears in one of its CONSTANT_Utf8 entries.
 */
final class ClassReferences {

    private ClassReferences() { }

    static Set<String> of(byte[] classFile, Pattern name) throws IOException {
        Set<String> out = new HashSet<>();
        for (String s : read(classFile).utf8()) {
            if (s == null) continue;
            Matcher m = name.matcher(s);
            while (m.find()) out.add(m.group());
        }
        return out;
    }

    /** The internal name of the class's superclass. */
    static String superclass(byte[] classFile) throws IOException {
        Pool p = read(classFile);
        return p.utf8()[p.classNames()[p.superIndex()]];
    }

    /**
     * A class with the name and superclass of {@code classFile} and nothing else: what the verifier needs of a class
     * it only checks assignments against (chapter 4.10, "Verification of class Files").
     */
    static byte[] stub(byte[] classFile) throws IOException {
        Pool p = read(classFile);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeInt(0xCAFEBABE);
        out.writeShort(0);
        out.writeShort(p.major());
        out.writeShort(5); // #1 this name, #2 this class, #3 super name, #4 super class
        out.writeByte(1);
        out.writeUTF(p.utf8()[p.classNames()[p.thisIndex()]]);
        out.writeByte(7);
        out.writeShort(1);
        out.writeByte(1);
        out.writeUTF(p.utf8()[p.classNames()[p.superIndex()]]);
        out.writeByte(7);
        out.writeShort(3);
        out.writeShort(0x0001 | 0x0010 | 0x0020); // public final super
        out.writeShort(2);
        out.writeShort(4);
        out.writeShort(0); // interfaces
        out.writeShort(0); // fields
        out.writeShort(0); // methods
        out.writeShort(0); // attributes
        return bytes.toByteArray();
    }

    private record Pool(int major, String[] utf8, int[] classNames, int thisIndex, int superIndex) { }

    private static Pool read(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        if (in.readInt() != 0xCAFEBABE) throw new IOException("not a class file");
        in.readUnsignedShort(); // minor version
        int major = in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNames = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> {
                    byte[] utf = new byte[in.readUnsignedShort()];
                    in.readFully(utf);
                    // modified UTF-8 differs from UTF-8 only outside ASCII, which class names here never use
                    utf8[i] = new String(utf, StandardCharsets.UTF_8);
                }
                case 7 -> classNames[i] = in.readUnsignedShort();
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++; // a long or double takes two entries
                }
                case 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        in.readUnsignedShort(); // access flags
        int thisIndex = in.readUnsignedShort();
        return new Pool(major, utf8, classNames, thisIndex, in.readUnsignedShort());
    }
}
