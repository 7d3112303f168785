/* test_tmpl: the template engine. What a user notices: their data shows up escaped wherever it
 * lands, trusted markup from the server shows up as markup, and a template that puts a value where
 * escaping cannot protect it never compiles, with the file and line in the message. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// clang-format off
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
// clang-format on

#include "core/buf.h"
#include "core/err.h"
#include "web/i18n.h"
#include "web/tmpl.h"

static int
group_setup(void **state)
{
    (void)state;
    return sodium_init() < 0 ? -1 : 0;
}

static int
group_teardown(void **state)
{
    (void)state;
    tmpl_unload_all();
    i18n_unload();
    return 0;
}

/* --- helpers -------------------------------------------------------------------------------- */

static struct tmpl *
compile_ok(const char *src)
{
    struct tmpl *t = NULL;
    struct buf err = BUF_INIT;
    int rc = tmpl_compile("t", src, strlen(src), &t, &err);
    if (rc != 0)
        fail_msg("did not compile: %s\n%s", buf_cstr(&err), src);
    buf_free(&err);
    return t;
}

/* Compiles src, expecting ZE_INVAL; returns the message (static until the next call). */
static const char *
compile_err(const char *src)
{
    static char msg[512];
    struct tmpl *t = NULL;
    struct buf err = BUF_INIT;
    int rc = tmpl_compile("t", src, strlen(src), &t, &err);
    if (rc == 0) {
        tmpl_free(t);
        fail_msg("compiled, but should not have: %s", src);
    }
    assert_int_equal(rc, ZE_INVAL);
    assert_null(t);
    snprintf(msg, sizeof msg, "%s", buf_cstr(&err));
    buf_free(&err);
    return msg;
}

/* Asserts the compile error of src starts with "t:<line>: " and mentions what. */
static void
expect_error(const char *src, int line, const char *what)
{
    const char *msg = compile_err(src);
    char prefix[32];
    snprintf(prefix, sizeof prefix, "t:%d: ", line);
    if (strncmp(msg, prefix, strlen(prefix)) != 0)
        fail_msg("expected \"%s...\" for %s\ngot: %s", prefix, src, msg);
    if (what && !strstr(msg, what))
        fail_msg("expected \"%s\" in the message for %s\ngot: %s", what, src, msg);
}

static json_t *
model_of(const char *json)
{
    json_error_t e;
    json_t *m = json_loads(json ? json : "{}", 0, &e);
    if (!m)
        fail_msg("bad test JSON: %s", e.text);
    return m;
}

/* Renders src with model (which it takes over) and env; returns the text, caller frees. */
static char *
render_model(const char *src, json_t *model, const struct tmpl_env *env, int want_rc)
{
    struct tmpl *t = compile_ok(src);
    struct buf out = BUF_INIT;
    int rc = tmpl_render(t, model, env, &out);
    json_decref(model);
    tmpl_free(t);
    assert_int_equal(rc, want_rc);
    return buf_steal(&out);
}

static void
expect_render(const char *src, const char *json, const char *want)
{
    char *got = render_model(src, model_of(json), NULL, 0);
    if (strcmp(got, want) != 0) {
        fail_msg("template %s\nwith %s\ngave  \"%s\"\nwanted \"%s\"", src, json ? json : "{}", got,
                 want);
    }
    free(got);
}

/* --- regressions found by fuzzing and review ----------------------------------------------- */

static void
tmpl_issue2_script_ends_only_at_a_real_end_tag(void **state)
{
    (void)state;
    expect_error("<script>var a;</scripty>{{x}}</script>", 1, "script");
    expect_error("<style>p{}</styles>{{x}}</style>", 1, "style");
    expect_render("<script src=\"/a.js\"></script >{{x}}", "{\"x\": \"ok\"}",
                  "<script src=\"/a.js\"></script >ok");
    expect_render("<script src=\"/a.js\"></SCRIPT>{{x}}", "{\"x\": \"ok\"}",
                  "<script src=\"/a.js\"></SCRIPT>ok");
}

static void
tmpl_issue2_url_values_cannot_pick_a_scheme(void **state)
{
    (void)state;
    expect_error("<a href=\"{{s}}:alert(1)\">x</a>", 1, "scheme");
    /* literal text that cannot finish a scheme is fine */
    expect_render("<a href=\"{{s}}/x\">x</a>", "{\"s\": \"/unit\"}", "<a href=\"/unit/x\">x</a>");
    expect_render("<a href=\"{{u}}\">x</a>", "{\"u\": \"javascript:alert(1)\"}",
                  "<a href=\"#\">x</a>");
    expect_render("<a href=\"{{u}}\">x</a>", "{\"u\": \"\\\\evil.example/x\"}",
                  "<a href=\"#\">x</a>");
    expect_render("<a href=\"{{u}}\">x</a>", "{\"u\": \"//evil.example/x\"}",
                  "<a href=\"#\">x</a>");
    expect_render("<img src=\"{{u}}\">", "{\"u\": \"data:image/svg+xml,x\"}", "<img src=\"#\">");
    expect_render("<a href=\"{{u}}\">x</a>", "{\"u\": \"https://jdih.menpan.go.id/\"}",
                  "<a href=\"https://jdih.menpan.go.id/\">x</a>");
    expect_render("<a href=\"{{u}}\">x</a>", "{\"u\": \"/admin/unit/51.05\"}",
                  "<a href=\"/admin/unit/51.05\">x</a>");
    /* a value later in the attribute cannot choose the scheme and is only escaped */
    expect_render("<a href=\"/x?q={{u}}\">x</a>", "{\"u\": \"a:b\"}", "<a href=\"/x?q=a:b\">x</a>");
    expect_error("<iframe srcdoc=\"{{x}}\"></iframe>", 1, "srcdoc");
}

/* --- values --------------------------------------------------------------------------------- */

static void
tmpl_values_are_escaped(void **state)
{
    (void)state;
    expect_render("<p>{{x}}</p>", "{\"x\": \"a & b < c > d \\\" e ' f ` g = h\"}",
                  "<p>a &amp; b &lt; c &gt; d &quot; e &#39; f &#96; g &#61; h</p>");
    expect_render("{{x}}", "{\"x\": \"<script>alert(1)</script>\"}",
                  "&lt;script&gt;alert(1)&lt;/script&gt;");
    expect_render("{{x}}", "{\"x\": \"&amp;\"}", "&amp;amp;");
    /* UTF-8 passes untouched */
    expect_render("{{x}}", "{\"x\": \"Zona Integritas \\u2014 caf\\u00e9\"}",
                  "Zona Integritas \xe2\x80\x94 caf\xc3\xa9");
}

static void
tmpl_values_of_every_json_type(void **state)
{
    (void)state;
    expect_render("[{{i}}|{{n}}|{{r}}|{{t}}|{{f}}|{{z}}|{{missing}}|{{o}}|{{a}}]",
                  "{\"i\": 42, \"n\": -7, \"r\": 87.25, \"t\": true, \"f\": false, \"z\": null, "
                  "\"o\": {\"k\": 1}, \"a\": [1, 2]}",
                  "[42|-7|87.25|true|false||||]");
    expect_render("{{big}}", "{\"big\": 9223372036854775807}", "9223372036854775807");
}

static void
tmpl_quoted_attribute_values_are_allowed_and_escaped(void **state)
{
    (void)state;
    expect_render(
        "<a href=\"/units/{{code}}\" title='{{name}}'>{{name}}</a>",
        "{\"code\": \"35\\\"><script>\", \"name\": \"O'Brien\"}",
        "<a href=\"/units/35&quot;&gt;&lt;script&gt;\" title='O&#39;Brien'>O&#39;Brien</a>");
    expect_render("<input value=\"{{v}}\" data-x=\"{{v}}\">", "{\"v\": \"a=b\"}",
                  "<input value=\"a&#61;b\" data-x=\"a&#61;b\">");
    expect_render("<textarea>{{v}}</textarea><title>{{v}}</title>", "{\"v\": \"</textarea>\"}",
                  "<textarea>&lt;/textarea&gt;</textarea><title>&lt;/textarea&gt;</title>");
}

static void
tmpl_dotted_names(void **state)
{
    (void)state;
    const char *m = "{\"unit\": {\"name\": \"Kota Batu\", \"head\": {\"name\": \"Budi\"}}, "
                    "\"s\": \"str\"}";
    expect_render("{{unit.name}}/{{unit.head.name}}", m, "Kota Batu/Budi");
    expect_render("[{{unit.nope}}|{{unit.head.nope.deeper}}|{{nope.name}}|{{s.length}}]", m,
                  "[|||]");
    /* the first segment is looked up through the enclosing sections */
    expect_render("{{#items}}{{name}} of {{unit.name}};{{/items}}",
                  "{\"unit\": {\"name\": \"Batu\"}, \"items\": [{\"name\": \"a\"}, {\"name\": "
                  "\"b\"}]}",
                  "a of Batu;b of Batu;");
}

/* --- sections ------------------------------------------------------------------------------- */

static void
tmpl_sections_over_arrays(void **state)
{
    (void)state;
    expect_render("<ul>{{#items}}<li>{{name}}</li>{{/items}}</ul>",
                  "{\"items\": [{\"name\": \"a\"}, {\"name\": \"<b>\"}]}",
                  "<ul><li>a</li><li>&lt;b&gt;</li></ul>");
    expect_render("<ul>{{#items}}<li>x</li>{{/items}}</ul>", "{\"items\": []}", "<ul></ul>");
    expect_render("{{#items}}{{.}},{{/items}}", "{\"items\": [\"a\", \"<i>\", 3, true]}",
                  "a,&lt;i&gt;,3,true,");
    /* nested arrays, each level its own context */
    expect_render("{{#rows}}[{{#cells}}{{.}}{{/cells}}]{{/rows}}",
                  "{\"rows\": [{\"cells\": [1, 2]}, {\"cells\": []}, {\"cells\": [3]}]}",
                  "[12][][3]");
}

static void
tmpl_sections_over_objects_booleans_strings(void **state)
{
    (void)state;
    expect_render("{{#user}}Hi {{name}}{{/user}}", "{\"user\": {\"name\": \"Ani\"}}", "Hi Ani");
    expect_render("{{#user}}Hi {{name}}{{/user}}", "{\"user\": null}", "");
    expect_render("{{#ok}}yes {{x}}{{/ok}}", "{\"ok\": true, \"x\": 1}", "yes 1");
    expect_render("{{#ok}}yes{{/ok}}", "{\"ok\": false}", "");
    expect_render("{{#s}}({{.}}){{/s}}", "{\"s\": \"text\"}", "(text)");
    expect_render("{{#s}}({{.}}){{/s}}", "{\"s\": \"\"}", "");
    expect_render("{{#missing}}never{{/missing}}", "{}", "");
    expect_render("{{#n}}count {{.}}{{/n}}", "{\"n\": 5}", "count 5");
}

static void
tmpl_inverted_sections(void **state)
{
    (void)state;
    const char *src = "{{^v}}empty{{/v}}";
    expect_render(src, "{}", "empty");
    expect_render(src, "{\"v\": null}", "empty");
    expect_render(src, "{\"v\": false}", "empty");
    expect_render(src, "{\"v\": []}", "empty");
    expect_render(src, "{\"v\": \"\"}", "empty");
    expect_render(src, "{\"v\": true}", "");
    expect_render(src, "{\"v\": [0]}", "");
    expect_render(src, "{\"v\": \"x\"}", "");
    expect_render(src, "{\"v\": {}}", "");
    expect_render("{{#items}}{{.}}{{/items}}{{^items}}none{{/items}}", "{\"items\": []}", "none");
}

static void
tmpl_dot_is_the_current_item(void **state)
{
    (void)state;
    expect_render("{{#xs}}({{.}}){{/xs}}", "{\"xs\": [\"a&b\", 2.5, null]}", "(a&amp;b)(2.5)()");
    /* at the top the model is an object, which prints nothing */
    expect_render("[{{.}}]", "{\"a\": 1}", "[]");
}

static void
tmpl_section_tags_may_have_spaces(void **state)
{
    (void)state;
    expect_render("{{ # ok }}y{{ / ok }}{{ name }}", "{\"ok\": true, \"name\": \"n\"}", "yn");
}

static void
tmpl_section_in_attribute_list_is_allowed(void **state)
{
    (void)state;
    const char *src = "<input type=\"checkbox\" {{#c}}checked{{/c}} name=\"x\">";
    expect_render(src, "{\"c\": true}", "<input type=\"checkbox\" checked name=\"x\">");
    expect_render(src, "{\"c\": false}", "<input type=\"checkbox\"  name=\"x\">");
    expect_render("<option {{#sel}}selected{{/sel}}>{{label}}</option>",
                  "{\"sel\": true, \"label\": \"A\"}", "<option selected>A</option>");
}

/* --- comments and translations -------------------------------------------------------------- */

static void
tmpl_comments_render_nothing(void **state)
{
    (void)state;
    expect_render("a{{! a comment }}b", "{}", "ab");
    expect_render("a{{!\nKeys: x, y.\nSecond line.\n}}b{{x}}", "{\"x\": 1}", "ab1");
    expect_render("{{! <script>x</script> }}ok", "{}", "ok");
    /* a comment ends at the first closing braces */
    expect_render("{{! a {{x}} b}}", "{\"x\": 1}", " b}}");
}

static char lang_id[] = "id", lang_en[] = "en";

static const char *
translate(void *arg, const char *id)
{
    const char *lang = arg;
    if (strcmp(lang, "id") == 0 && strcmp(id, "Sign in") == 0)
        return "Masuk";
    if (strcmp(id, "Markup") == 0)
        return "<b>bold</b> & \"quoted\"";
    return id;
}

static void
tmpl_translations_through_the_callback(void **state)
{
    (void)state;
    struct tmpl_env id = {translate, lang_id, NULL, NULL};
    char *got = render_model("<a title=\"{{t \"Sign in\"}}\">{{t \"Sign in\"}}</a>", model_of(NULL),
                             &id, 0);
    assert_string_equal(got, "<a title=\"Masuk\">Masuk</a>");
    free(got);
    struct tmpl_env en = {translate, lang_en, NULL, NULL};
    got = render_model("{{t \"Sign in\"}}", model_of(NULL), &en, 0);
    assert_string_equal(got, "Sign in");
    free(got);
    /* translations are text, escaped like any value */
    got = render_model("{{t \"Markup\"}}", model_of(NULL), &en, 0);
    assert_string_equal(got, "&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;");
    free(got);
    /* without a translator the id shows */
    got = render_model("{{ t  \"Sign in\" }}", model_of(NULL), NULL, 0);
    assert_string_equal(got, "Sign in");
    free(got);
}

static void
tmpl_translations_from_the_catalogs(void **state)
{
    (void)state;
    struct buf err = BUF_INIT;
    assert_int_equal(i18n_load(&err), 0);
    buf_free(&err);
    struct tmpl_env id = {i18n_tmpl_translate, lang_id, NULL, NULL};
    char *got = render_model("{{t \"Sign in\"}}", model_of(NULL), &id, 0);
    assert_string_equal(got, "Masuk");
    free(got);
}

/* --- trusted markup ------------------------------------------------------------------------- */

static void
tmpl_safe_values_render_raw(void **state)
{
    (void)state;
    json_t *m = json_object();
    json_object_set_new(m, "chart", tmpl_safe("<svg><text>A & B</text></svg>", 29));
    char *got = render_model("<div>{{chart}}</div>", m, NULL, 0);
    assert_string_equal(got, "<div><svg><text>A & B</text></svg></div>");
    free(got);
    /* length-bounded, and usable inside sections */
    m = json_object();
    json_t *arr = json_array();
    json_array_append_new(arr, tmpl_safe("<i>1</i>TRAILING", 8));
    json_array_append_new(arr, tmpl_safe("<i>2</i>", 8));
    json_object_set_new(m, "parts", arr);
    got = render_model("{{#parts}}{{.}}{{/parts}}", m, NULL, 0);
    assert_string_equal(got, "<i>1</i><i>2</i>");
    free(got);
}

static void
tmpl_client_lookalikes_of_safe_values_are_escaped(void **state)
{
    (void)state;
    /* a string that starts like the marker is just a string */
    expect_render("{{x}}", "{\"x\": \"\\u0001safe-<script>alert(1)</script>\"}",
                  "\001safe-&lt;script&gt;alert(1)&lt;/script&gt;");
    /* an object a client built with a guessed marker key is not markup: nothing is shown */
    expect_render("[{{x}}]",
                  "{\"x\": {\"\\u0001safe-000000000000000000000000\": \"<script>1</script>\"}}",
                  "[]");
    expect_render("[{{x}}]", "{\"x\": {\"safe\": \"<script>1</script>\"}}", "[]");
    /* a real safe value with an extra key is not safe either */
    json_t *m = json_object();
    json_t *s = tmpl_safe("<b>x</b>", 8);
    json_object_set_new(s, "extra", json_true());
    json_object_set_new(m, "x", s);
    char *got = render_model("[{{x}}]", m, NULL, 0);
    assert_string_equal(got, "[]");
    free(got);
}

static void
tmpl_escape_helper(void **state)
{
    (void)state;
    struct buf out = BUF_INIT;
    tmpl_escape(&out, "<&>\"'`=x", 8);
    assert_string_equal(buf_cstr(&out), "&lt;&amp;&gt;&quot;&#39;&#96;&#61;x");
    buf_reset(&out);
    tmpl_escape(&out, "ab<cd", 3); /* only len bytes */
    assert_string_equal(buf_cstr(&out), "ab&lt;");
    buf_reset(&out);
    tmpl_escape(&out, "", 0);
    assert_string_equal(buf_cstr(&out), "");
    buf_free(&out);
}

/* --- partials ------------------------------------------------------------------------------- */

struct partials {
    const char *names[24];
    struct tmpl *t[24];
    int n;
};

static const struct tmpl *
find_partial(void *arg, const char *name)
{
    struct partials *p = arg;
    for (int i = 0; i < p->n; i++)
        if (strcmp(p->names[i], name) == 0)
            return p->t[i];
    return NULL;
}

static void
add_partial(struct partials *p, const char *name, const char *src)
{
    p->names[p->n] = name;
    p->t[p->n] = compile_ok(src);
    p->n++;
}

static void
free_partials(struct partials *p)
{
    for (int i = 0; i < p->n; i++)
        tmpl_free(p->t[i]);
    p->n = 0;
}

static void
tmpl_partials_share_the_context(void **state)
{
    (void)state;
    struct partials p = {.n = 0};
    add_partial(&p, "flash", "<p class=\"{{kind}}\">{{text}}</p>");
    add_partial(&p, "title", "<h1>{{title}}</h1>");
    struct tmpl_env env = {NULL, NULL, find_partial, &p};
    char *got =
        render_model("{{> title}}{{#flash}}{{> flash}}{{/flash}}",
                     model_of("{\"title\": \"A&B\", \"flash\": [{\"kind\": \"error\", "
                              "\"text\": \"<x>\"}, {\"kind\": \"info\", \"text\": \"ok\"}]}"),
                     &env, 0);
    assert_string_equal(got,
                        "<h1>A&amp;B</h1><p class=\"error\">&lt;x&gt;</p><p class=\"info\">ok</p>");
    free(got);
    free_partials(&p);
}

static void
tmpl_missing_partial_is_not_found(void **state)
{
    (void)state;
    struct partials p = {.n = 0};
    struct tmpl_env env = {NULL, NULL, find_partial, &p};
    char *got = render_model("before {{> nowhere}} after", model_of(NULL), &env, ZE_NOTFOUND);
    free(got);
    got = render_model("{{> nowhere}}", model_of(NULL), NULL, ZE_NOTFOUND);
    free(got);
    /* a partial in a section that does not render is never looked up */
    got = render_model("{{#no}}{{> nowhere}}{{/no}}ok", model_of(NULL), &env, 0);
    assert_string_equal(got, "ok");
    free(got);
}

static void
tmpl_partials_nest_up_to_16_deep(void **state)
{
    (void)state;
    static const char *names[] = {"p1",  "p2",  "p3",  "p4",  "p5",  "p6",  "p7",  "p8",  "p9",
                                  "p10", "p11", "p12", "p13", "p14", "p15", "p16", "p17", "p18"};
    char src[32];
    /* p1 includes p2 ... p15 includes p16, which is plain text: 16 levels */
    struct partials p = {.n = 0};
    for (int i = 0; i < 15; i++) {
        snprintf(src, sizeof src, "%d{{> %s}}", i + 1, names[i + 1]);
        add_partial(&p, names[i], src);
    }
    add_partial(&p, "p16", "16");
    struct tmpl_env env = {NULL, NULL, find_partial, &p};
    char *got = render_model("{{> p1}}", model_of(NULL), &env, 0);
    assert_string_equal(got, "12345678910111213141516");
    free(got);
    free_partials(&p);
    /* one level more is refused */
    for (int i = 0; i < 16; i++) {
        snprintf(src, sizeof src, "{{> %s}}", names[i + 1]);
        add_partial(&p, names[i], src);
    }
    add_partial(&p, "p17", "17");
    got = render_model("{{> p1}}", model_of(NULL), &env, ZE_LIMIT);
    free(got);
    free_partials(&p);
}

static void
tmpl_recursive_partial_stops(void **state)
{
    (void)state;
    struct partials p = {.n = 0};
    add_partial(&p, "self", "x{{> self}}");
    struct tmpl_env env = {NULL, NULL, find_partial, &p};
    char *got = render_model("{{> self}}", model_of(NULL), &env, ZE_LIMIT);
    free(got);
    free_partials(&p);
}

/* --- compile errors ------------------------------------------------------------------------- */

static void
tmpl_error_unclosed_tag(void **state)
{
    (void)state;
    expect_error("line 1\nline 2 {{name", 2, "unclosed");
    expect_error("{{name}", 1, "unclosed");
    expect_error("a\n\n\n{{#s}}x{{/s", 4, "unclosed");
}

static void
tmpl_error_unbalanced_sections(void **state)
{
    (void)state;
    expect_error("{{#a}}\nx\n", 3, "not closed");
    expect_error("{{/a}}", 1, "does not match");
    expect_error("{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}", 3, "does not match");
    expect_error("{{#a}}{{/ab}}", 1, "does not match");
    expect_error("{{#ab}}{{/a}}", 1, "does not match");
    expect_error("{{^a}}\n\n{{/b}}", 3, "does not match");
    expect_error("{{#a}}{{/a}}{{/a}}", 1, "does not match");
}

static void
tmpl_error_raw_output_tags(void **state)
{
    (void)state;
    expect_error("ok\n{{{raw}}}", 2, "raw");
    expect_error("{{&raw}}", 1, "raw");
}

static void
tmpl_error_bad_tag_names(void **state)
{
    (void)state;
    const char *bad[] = {"{{}}",     "{{ }}",     "{{a b}}", "{{.a}}",   "{{a.}}",
                         "{{a..b}}", "{{#}}",     "{{/}}",   "{{a<b}}",  "{{t}}x{{t x}}",
                         "{{>}}",    "{{> a.b}}", "{{%x}}",  "{{a\"b}}", "{{#a b}}{{/a b}}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        (void)compile_err(bad[i]);
    /* {{t}} alone is a variable named t */
    struct tmpl *t = compile_ok("{{t}}");
    tmpl_free(t);
}

static void
tmpl_error_bad_translation_tags(void **state)
{
    (void)state;
    expect_error("{{t \"\"}}", 1, "empty message id");
    expect_error("{{t Sign in}}", 1, NULL);
    expect_error("{{t \"Sign in}}", 1, NULL);
    expect_error("{{t \"a\"b\"}}", 1, NULL);
    expect_error("{{t \"a\" \"b\"}}", 1, NULL);
}

static void
tmpl_error_nul_byte(void **state)
{
    (void)state;
    struct tmpl *t = NULL;
    struct buf err = BUF_INIT;
    assert_int_equal(tmpl_compile("t", "a\0b", 3, &t, &err), ZE_INVAL);
    assert_null(t);
    assert_non_null(strstr(buf_cstr(&err), "NUL"));
    buf_free(&err);
}

static void
tmpl_error_value_in_script_and_style(void **state)
{
    (void)state;
    expect_error("<script>var x = {{x}};</script>", 1, "<script>");
    expect_error("<p>ok</p>\n<script type=\"module\">\nlet a = \"{{x}}\";\n</script>", 3,
                 "<script>");
    expect_error("<SCRIPT>{{x}}</SCRIPT>", 1, "<script>");
    expect_error("<script>{{t \"Sign in\"}}</script>", 1, "<script>");
    expect_error("<style>p { color: {{c}} }</style>", 1, "<style>");
    expect_error("<StYlE media=\"print\">\n{{c}}</style>", 2, "<style>");
    /* text that merely looks like the end tag does not end it */
    expect_error("<script>if (a</scrip) {{x}}</script>", 1, "<script>");
    /* a partial cannot be pulled into a script either */
    (void)compile_err("<script>{{> p}}</script>");
}

static void
tmpl_values_allowed_again_after_script_and_style(void **state)
{
    (void)state;
    expect_render("<script>if (a < b && c > d) {}</script><p>{{x}}</p>", "{\"x\": \"<\"}",
                  "<script>if (a < b && c > d) {}</script><p>&lt;</p>");
    expect_render("<script src=\"/z.js\" defer></script>{{x}}", "{\"x\": 1}",
                  "<script src=\"/z.js\" defer></script>1");
    expect_render("<style>a{}</STYLE >{{x}}", "{\"x\": 1}", "<style>a{}</STYLE >1");
    expect_render("<scripts>{{x}}</scripts>", "{\"x\": 1}", "<scripts>1</scripts>");
}

static void
tmpl_error_value_in_event_and_style_attributes(void **state)
{
    (void)state;
    expect_error("<button onclick=\"go({{id}})\">", 1, "on*");
    expect_error("<img src=\"/x\"\n onerror='{{x}}'>", 2, "on*");
    expect_error("<body ONLOAD=\"{{x}}\">", 1, "on*");
    expect_error("<p style=\"color: {{c}}\">", 1, "style attribute");
    expect_error("<p STYLE='{{c}}'>", 1, "style attribute");
    expect_error("<p onclick=\"{{t \"x\"}}\">", 1, "on*");
}

static void
tmpl_error_value_in_unquoted_attribute(void **state)
{
    (void)state;
    expect_error("<a href={{x}}>", 1, "unquoted");
    expect_error("<a href=/u/{{x}}>", 1, "unquoted");
    expect_error("<a href= {{x}}>", 1, "unquoted");
    expect_error("<input\n  value={{x}}>", 2, "unquoted");
}

static void
tmpl_error_value_in_tag_name_or_attribute_list(void **state)
{
    (void)state;
    expect_error("<div {{x}}>", 1, "attribute list");
    expect_error("<div class=\"a\" {{x}}>", 1, "attribute list");
    expect_error("<div class=\"a\"{{x}}>", 1, "attribute list");
    expect_error("<div{{x}}>", 1, "attribute list");
    expect_error("<{{x}}>", 1, "attribute list");
    expect_error("<div\n\n{{x}}=\"1\">", 3, "attribute list");
    expect_error("</{{x}}>", 1, "attribute list");
    expect_error("<input {{#c}}{{x}}{{/c}}>", 1, "attribute list");
    expect_error("<div {{> p}}>", 1, "partial");
}

static void
tmpl_error_value_in_html_comment(void **state)
{
    (void)state;
    expect_error("<!-- {{x}} -->", 1, "comment");
    expect_error("<p>a</p>\n<!--\n note: {{x}}\n-->", 3, "comment");
    expect_error("<!-- -- {{x}} -->", 1, "comment");
    expect_error("<!DOCTYPE {{x}}>", 1, NULL);
    /* after the comment values are fine again */
    expect_render("<!-- a -- b --><p>{{x}}</p>", "{\"x\": 1}", "<!-- a -- b --><p>1</p>");
    expect_render("<!doctype html>\n{{x}}", "{\"x\": 1}", "<!doctype html>\n1");
}

static void
tmpl_plain_text_with_angle_brackets(void **state)
{
    (void)state;
    expect_render("a < b {{x}} and 1<2 is {{y}}", "{\"x\": 1, \"y\": true}",
                  "a < b 1 and 1<2 is true");
}

/* --- the shipped templates ------------------------------------------------------------------ */

static void
tmpl_shipped_templates_compile_and_render(void **state)
{
    (void)state;
    struct buf err = BUF_INIT;
    int rc = tmpl_load_all(&err);
    if (rc != 0)
        fail_msg("shipped templates do not compile:\n%s", buf_cstr(&err));
    buf_free(&err);
    static const char *names[] = {"home", "layout", "error", "auth/login", "partials/flash"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct buf out = BUF_INIT;
        json_t *m = json_object();
        rc = tmpl_render_named(names[i], m, NULL, NULL, &out);
        json_decref(m);
        if (rc != 0)
            fail_msg("%s: render failed with %d", names[i], rc);
        assert_true(out.len > 0);
        buf_free(&out);
    }
    struct buf out = BUF_INIT;
    json_t *m = json_object();
    assert_int_equal(tmpl_render_named("no/such/page", m, NULL, NULL, &out), ZE_NOTFOUND);
    json_decref(m);
    buf_free(&out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tmpl_values_are_escaped),
        cmocka_unit_test(tmpl_values_of_every_json_type),
        cmocka_unit_test(tmpl_quoted_attribute_values_are_allowed_and_escaped),
        cmocka_unit_test(tmpl_dotted_names),
        cmocka_unit_test(tmpl_sections_over_arrays),
        cmocka_unit_test(tmpl_sections_over_objects_booleans_strings),
        cmocka_unit_test(tmpl_inverted_sections),
        cmocka_unit_test(tmpl_dot_is_the_current_item),
        cmocka_unit_test(tmpl_section_tags_may_have_spaces),
        cmocka_unit_test(tmpl_section_in_attribute_list_is_allowed),
        cmocka_unit_test(tmpl_comments_render_nothing),
        cmocka_unit_test(tmpl_translations_through_the_callback),
        cmocka_unit_test(tmpl_translations_from_the_catalogs),
        cmocka_unit_test(tmpl_safe_values_render_raw),
        cmocka_unit_test(tmpl_client_lookalikes_of_safe_values_are_escaped),
        cmocka_unit_test(tmpl_escape_helper),
        cmocka_unit_test(tmpl_partials_share_the_context),
        cmocka_unit_test(tmpl_missing_partial_is_not_found),
        cmocka_unit_test(tmpl_partials_nest_up_to_16_deep),
        cmocka_unit_test(tmpl_recursive_partial_stops),
        cmocka_unit_test(tmpl_error_unclosed_tag),
        cmocka_unit_test(tmpl_error_unbalanced_sections),
        cmocka_unit_test(tmpl_error_raw_output_tags),
        cmocka_unit_test(tmpl_error_bad_tag_names),
        cmocka_unit_test(tmpl_error_bad_translation_tags),
        cmocka_unit_test(tmpl_error_nul_byte),
        cmocka_unit_test(tmpl_error_value_in_script_and_style),
        cmocka_unit_test(tmpl_values_allowed_again_after_script_and_style),
        cmocka_unit_test(tmpl_error_value_in_event_and_style_attributes),
        cmocka_unit_test(tmpl_error_value_in_unquoted_attribute),
        cmocka_unit_test(tmpl_error_value_in_tag_name_or_attribute_list),
        cmocka_unit_test(tmpl_error_value_in_html_comment),
        cmocka_unit_test(tmpl_plain_text_with_angle_brackets),
        cmocka_unit_test(tmpl_shipped_templates_compile_and_render),
        cmocka_unit_test(tmpl_issue2_script_ends_only_at_a_real_end_tag),
        cmocka_unit_test(tmpl_issue2_url_values_cannot_pick_a_scheme),
    };
    return cmocka_run_group_tests_name("tmpl", tests, group_setup, group_teardown);
}
