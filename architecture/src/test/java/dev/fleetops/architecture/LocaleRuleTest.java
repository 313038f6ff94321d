package dev.fleetops.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.util.Formatter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Output never depends on the JVM's default locale: under a comma-decimal locale (de, fr) {@code "%.1f"} writes
 * {@code 12,5}, which is not an SVG coordinate, a JSON number or what a script parses; under Turkish,
 * {@code "ID".toLowerCase()} is {@code "ıd"}. Every format and case conversion names its locale
 * ({@code Locale.ROOT} for anything a program or a browser reads).
 */
class LocaleRuleTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainCode() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.fleetops");
    }

    @Test
    void formattingAlwaysNamesItsLocale() {
        noClasses().should().callMethod(String.class, "format", String.class, Object[].class)
                .orShould().callMethod(String.class, "formatted", Object[].class)
                .orShould().callMethod(PrintWriter.class, "printf", String.class, Object[].class)
                .orShould().callMethod(PrintWriter.class, "format", String.class, Object[].class)
                .orShould().callMethod(PrintStream.class, "printf", String.class, Object[].class)
                .orShould().callMethod(PrintStream.class, "format", String.class, Object[].class)
                .orShould().callConstructor(Formatter.class)
                .orShould().callConstructor(Formatter.class, Appendable.class)
                .orShould().callConstructor(Formatter.class, StringBuilder.class)
                .orShould().callMethod(DateTimeFormatter.class, "ofPattern", String.class)
                .orShould().callMethod(java.text.NumberFormat.class, "getInstance")
                .orShould().callMethod(java.text.NumberFormat.class, "getNumberInstance")
                .orShould().callConstructor(java.text.DecimalFormat.class, String.class)
                .because("the default locale changes digits, decimal and grouping separators: pass Locale.ROOT")
                .check(main);
    }

    @Test
    void caseConversionAlwaysNamesItsLocale() {
        noClasses().should().callMethod(String.class, "toLowerCase")
                .orShould().callMethod(String.class, "toUpperCase")
                .because("under a Turkish default locale \"I\".toLowerCase() is a dotless i: pass Locale.ROOT")
                .check(main);
    }
}
