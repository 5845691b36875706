package io.tagtrail.grafana;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TemplateVariablesTest {
    static final TemplateVariables VARS = new TemplateVariables(Map.of(
            "store", new TemplateVariables.Value(List.of("s1", "o'neil"), true, true),
            "tier", new TemplateVariables.Value(List.of("vip"), true, false),
            "compare_by", TemplateVariables.Value.single("it's"),
            "bucket", TemplateVariables.Value.single("15m")));

    @Test
    void multiValueVariableBecomesAListOfStringLiterals() {
        assertEquals("store_id IN ('s1','o''neil')", VARS.interpolate("store_id IN ($store)"));
    }

    @Test
    void oneSelectedValueOfAMultiValueVariableIsStillALiteral() {
        assertEquals("tier IN ('vip')", VARS.interpolate("tier IN ($tier)"));
    }

    @Test
    void plainSingleValueVariableIsInsertedBareWithQuotesDoubled() {
        assertEquals("CASE 'it''s' WHEN", VARS.interpolate("CASE '${compare_by}' WHEN"));
        assertEquals("$__timeGroupAlias(t, '15m')", VARS.interpolate("$__timeGroupAlias(t, '$bucket')"));
    }

    @Test
    void formatsOverrideTheDataSourceDefault() {
        assertEquals("'it''s'", VARS.interpolate("${compare_by:sqlstring}"));
        assertEquals("'s1','o''neil'", VARS.interpolate("${store:sqlstring}"));
        assertEquals("s1,o'neil", VARS.interpolate("${store:raw}"));
        assertEquals("s1,o'neil", VARS.interpolate("[[store:csv]]"));
        assertEquals("'s1','o\\'neil'", VARS.interpolate("${store:singlequote}"));
        assertEquals("'a\\\"b'", new TemplateVariables(Map.of("v", TemplateVariables.Value.single("a\"b")))
                .interpolate("${v:sqlstring}"), "sqlstring escapes double quotes with a backslash");
        assertThrows(IllegalArgumentException.class, () -> VARS.interpolate("${store:lucene}"));
    }

    @Test
    void everySyntaxOfAVariableIsReplaced() {
        assertEquals("'vip' 'vip' 'vip'", VARS.interpolate("$tier ${tier} [[tier]]"));
    }

    @Test
    void namesThatAreNotVariablesStayForTheServer() {
        String sql = "WHERE $__timeFilter(t) AND x = $unknown AND y > $__timeFrom()";
        assertEquals(sql, VARS.interpolate(sql));
    }

    @Test
    void aRepeatedPanelSeesOneValueOfItsVariable() {
        TemplateVariables one = VARS.with("store", new TemplateVariables.Value(List.of("s1"), true, true));
        assertEquals("IN ('s1')", one.interpolate("IN ($store)"));
        assertEquals("IN ('s1','o''neil')", VARS.interpolate("IN ($store)"), "the original is unchanged");
    }
}
