/* auth_routes: signing in and out, the second factor (enrolment and check), setting a password
 * with a one-time code, the account page with its sessions, and the JSON session API. */
#include "auth_routes.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "auth_store.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "frame.h"
#include "http/http.h"
#include "web/fmt.h"
#include "web/i18n.h"
#include "web/tmpl.h"

/* A valid Argon2id hash of a random password: verifying against it when the account does not
 * exist makes a wrong login name cost as much time as a wrong password. */
static char dummy_hash[160];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

/* Made on the first sign-in, not at start-up: Argon2id's 64 MiB are then taken only when
 * someone signs in. */
static void
make_dummy_hash(void)
{
    unsigned char r[16];
    char pw[33];
    randombytes_buf(r, sizeof r);
    sodium_bin2hex(pw, sizeof pw, r, sizeof r);
    if (password_hash(pw, dummy_hash, sizeof dummy_hash) != 0)
        log_error("cannot prepare the sign-in timing guard");
}

static const char *
next_of(struct req *rq)
{
    const char *n = req_field(rq, "lanjut");
    if (!n)
        n = req_query(rq, "lanjut");
    return frame_safe_next(n) ? n : "/beranda";
}

static enum fmt_zone
zone_of(const struct auth_user *u)
{
    int z = fmt_zone_parse(u->unit_tz);
    return z < 0 ? ZONE_WIB : (enum fmt_zone)z;
}

/* --- signing in ---------------------------------------------------------------------------- */

enum login_result {
    LOGIN_OK,
    LOGIN_BAD,
    LOGIN_THROTTLED,
    LOGIN_OTP_REQUIRED,
    LOGIN_ENROL_REQUIRED
};

struct login {
    struct auth_user u;
    enum session_stage stage;
    int64_t retry_ms;
};

static void
audit_own(struct req *rq, const char *action, int64_t actor, const char *actor_name, int64_t unit,
          const char *oid)
{
    struct audit_entry e = {actor, actor_name, unit, action, "user", oid, NULL, NULL};
    (void)audit_append(rq->db, &e);
}

/* Checks the credentials and throttling; on success leaves the stage the session starts in. The
 * failure bookkeeping commits here; the success path leaves the transaction open for the caller to
 * start the session in. */
static int
check_login(struct req *rq, const char *login, const char *password, struct login *out)
{
    struct db *db = rq->db;
    int64_t now = clock_now_ms();
    memset(out, 0, sizeof *out);
    int rc = db_begin_write(db);
    if (rc)
        return rc;
    out->retry_ms = throttle_wait(db, rq->client_addr, login, now);
    if (out->retry_ms > 0) {
        audit_own(rq, "auth.sign_in_throttled", 0, "anonim", 0, "");
        db_commit(db);
        return LOGIN_THROTTLED;
    }
    pthread_once(&dummy_once, make_dummy_hash);
    bool found = auth_user_by_login(db, login, &out->u) == 0;
    bool rehash = false;
    int ok = password_verify(found && out->u.password_hash[0] ? out->u.password_hash : dummy_hash,
                             password, &rehash) == 0 &&
             found && out->u.password_hash[0] && out->u.active;
    if (!ok) {
        throttle_fail(db, rq->client_addr, login, now);
        char oid[32] = "";
        if (found)
            snprintf(oid, sizeof oid, "%lld", (long long)out->u.id);
        audit_own(rq, "auth.sign_in_failed", 0, "anonim", found ? out->u.unit_id : 0, oid);
        db_commit(db);
        return LOGIN_BAD;
    }
    throttle_success(db, rq->client_addr, login);
    if (rehash) {
        char h[160];
        if (password_hash(password, h, sizeof h) == 0)
            auth_store_set_password(db, out->u.id, h, now);
    }
    struct acl_grant *g;
    size_t ng;
    auth_store_grants(db, rq->a, out->u.id, &g, &ng);
    if (out->u.totp_enabled)
        out->stage = SESSION_TOTP;
    else if (acl_needs_totp(g, ng))
        out->stage = SESSION_ENROL;
    else
        out->stage = SESSION_FULL;
    return LOGIN_OK;
}

static auth_sign_in_hook sign_in_hook;
static auth_password_hook password_hook;

void
auth_on_sign_in(auth_sign_in_hook fn)
{
    sign_in_hook = fn;
}

void
auth_on_password_change(auth_password_hook fn)
{
    password_hook = fn;
}

/* password is given for the hook (NULL from the API, which opens no officer key); *next may be
 * replaced by the hook's page. */
static int
finish_login(struct req *rq, struct resp *rs, struct login *l, const char *password,
             const char **next)
{
    struct session s;
    int rc = session_start(rq, rs, l->u.id, l->stage, &s);
    if (!rc && password && sign_in_hook) {
        const char *to = sign_in_hook(rq, rs, &l->u, s.id, password);
        if (to && next)
            *next = to;
    }
    if (!rc) {
        char oid[32];
        snprintf(oid, sizeof oid, "%lld", (long long)l->u.id);
        json_t *after = json_pack("{s:s}", "stage", session_stage_name(l->stage));
        struct audit_entry e = {l->u.id, l->u.name, l->u.unit_id, "auth.sign_in",
                                "user",  oid,       NULL,         after};
        rc = audit_append(rq->db, &e);
        json_decref(after);
    }
    if (!rc)
        rc = db_commit(rq->db);
    else
        db_rollback(rq->db);
    return rc;
}

static int
render_login(struct req *rq, struct resp *rs, int status, const char *login, json_t *errors)
{
    json_t *m = json_pack("{s:s,s:{s:s},s:s}", "csrf", csrf_token(rq, rs), "values", "login",
                          login ? login : "", "lanjut", next_of(rq));
    if (errors)
        json_object_set_new(m, "errors", errors);
    return frame_render(rq, rs, status, "auth/login", N_("Sign in"), m);
}

static int
auth_routes_get_login(struct req *rq, struct resp *rs)
{
    struct auth_ctx *c = auth_ctx(rq);
    if (c && c->s.stage == SESSION_FULL) {
        resp_redirect(rs, 303, next_of(rq));
        return 0;
    }
    return render_login(rq, rs, 200, "", NULL);
}

static int
auth_routes_post_login(struct req *rq, struct resp *rs)
{
    const char *login = req_field_trimmed(rq, "login");
    const char *password = req_field(rq, "password");
    if (!*login || !password || !*password) {
        json_t *e = json_object();
        if (!*login)
            json_object_set_new(e, "login",
                                json_string(frame_t(rq, N_("Please enter your NIP or email."))));
        if (!password || !*password)
            json_object_set_new(e, "password",
                                json_string(frame_t(rq, N_("Please enter your password."))));
        return render_login(rq, rs, 422, login, e);
    }
    struct login l;
    int r = check_login(rq, login, password, &l);
    if (r < 0)
        return r;
    if (r == LOGIN_THROTTLED) {
        rq->retry_after_s = (l.retry_ms + 999) / 1000;
        resp_header(rs, "Retry-After", arena_printf(rq->a, "%lld", (long long)rq->retry_after_s));
        json_t *e =
            json_pack("{s:s}", "form",
                      frame_t(rq, N_("Too many attempts. Please wait a moment and try again.")));
        return render_login(rq, rs, 429, login, e);
    }
    if (r == LOGIN_BAD) {
        json_t *e = json_pack("{s:s}", "form",
                              frame_t(rq, N_("The NIP/email or password is not correct.")));
        return render_login(rq, rs, 401, login, e);
    }
    const char *next = next_of(rq);
    int rc = finish_login(rq, rs, &l, password, &next);
    if (rc)
        return rc;
    if (l.stage == SESSION_TOTP || l.stage == SESSION_ENROL) {
        struct buf loc = BUF_INIT;
        buf_printf(&loc, "%s?lanjut=%s",
                   l.stage == SESSION_TOTP ? "/masuk/totp" : "/masuk/totp-daftar", next);
        resp_redirect(rs, 303, arena_strdup(rq->a, loc.p));
        buf_free(&loc);
    } else {
        resp_redirect(rs, 303, next);
    }
    return 0;
}

static int
auth_routes_post_logout(struct req *rq, struct resp *rs)
{
    struct auth_ctx *c = auth_ctx(rq);
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = session_end(rq->db, c->s.id);
    if (!rc)
        rc = audit_request(rq, "auth.sign_out", c->u.unit_id, "user",
                           arena_printf(rq->a, "%lld", (long long)c->u.id), NULL, NULL);
    if (!rc)
        rc = db_commit(rq->db);
    else
        db_rollback(rq->db);
    if (rc)
        return rc;
    session_clear_cookie(rq, rs);
    frame_flash(rq, rs, "signed_out");
    resp_redirect(rs, 303, "/");
    return 0;
}

/* --- the second factor ------------------------------------------------------------------- */

static int
render_totp(struct req *rq, struct resp *rs, int status, const char *error)
{
    json_t *m = json_pack("{s:s,s:s}", "csrf", csrf_token(rq, rs), "lanjut", next_of(rq));
    if (error)
        json_object_set_new(m, "errors", json_pack("{s:s}", "code", frame_t(rq, error)));
    return frame_render(rq, rs, status, "auth/totp", N_("Two-step verification"), m);
}

static int
auth_routes_get_totp(struct req *rq, struct resp *rs)
{
    struct auth_ctx *c = auth_ctx(rq);
    if (c->s.stage == SESSION_FULL) {
        resp_redirect(rs, 303, next_of(rq));
        return 0;
    }
    if (c->s.stage == SESSION_ENROL) {
        resp_redirect(rs, 303, "/masuk/totp-daftar");
        return 0;
    }
    return render_totp(rq, rs, 200, NULL);
}

static int
auth_routes_post_totp(struct req *rq, struct resp *rs)
{
    struct auth_ctx *c = auth_ctx(rq);
    if (c->s.stage != SESSION_TOTP) {
        resp_redirect(rs, 303, next_of(rq));
        return 0;
    }
    const char *code = req_field_trimmed(rq, "kode");
    int64_t now = clock_now_ms();
    char key[48];
    snprintf(key, sizeof key, "totp:%lld", (long long)c->u.id);
    int rc = db_begin_write(rq->db);
    if (rc)
        return rc;
    int64_t wait = throttle_wait_key(rq->db, key, now);
    if (wait > 0) {
        db_commit(rq->db);
        rq->retry_after_s = (wait + 999) / 1000;
        resp_header(rs, "Retry-After", arena_printf(rq->a, "%lld", (long long)rq->retry_after_s));
        return render_totp(rq, rs, 429,
                           N_("Too many attempts. Please wait a moment and try again."));
    }
    const char *action = NULL;
    char digits[8] = "";
    size_t nd = 0;
    for (const char *p = code; *p && nd < 7; p++)
        if (*p != ' ')
            digits[nd++] = *p;
    digits[nd] = '\0';
    int trc = auth_totp_accept(rq->db, c->u.id, c->u.totp_secret, digits, now);
    if (trc == 0) {
        action = "auth.totp_passed";
    } else if (trc != ZE_CONFLICT) {
        char h[65];
        if (auth_code_hash(code, h) == 0 && auth_store_recovery_use(rq->db, c->u.id, h, now) == 0)
            action = "auth.recovery_code_used";
    }
    char oid[32];
    snprintf(oid, sizeof oid, "%lld", (long long)c->u.id);
    if (!action) {
        throttle_fail_key(rq->db, key, now);
        audit_own(rq, "auth.totp_failed", c->u.id, c->u.name, c->u.unit_id, oid);
        db_commit(rq->db);
        return render_totp(
            rq, rs, 401,
            N_("The code is not correct. Enter the 6-digit code your app shows now, or a recovery code."));
    }
    rc = session_set_stage(rq->db, c->s.id, SESSION_FULL);
    if (!rc) {
        audit_own(rq, action, c->u.id, c->u.name, c->u.unit_id, oid);
        rc = db_commit(rq->db);
    } else {
        db_rollback(rq->db);
    }
    if (rc)
        return rc;
    resp_redirect(rs, 303, next_of(rq));
    return 0;
}

static void
group4(struct buf *out, const char *s)
{
    for (size_t i = 0; s[i]; i++) {
        if (i && i % 4 == 0)
            buf_putc(out, ' ');
        buf_putc(out, s[i]);
    }
}

static int
render_enrol(struct req *rq, struct resp *rs, int status, const char *secret, const char *error)
{
    struct auth_ctx *c = auth_ctx(rq);
    struct buf uri = BUF_INIT, qr = BUF_INIT, grouped = BUF_INIT;
    totp_uri(&uri, secret, c->u.nip);
    totp_qr_svg(&qr, uri.p);
    group4(&grouped, secret);
    json_t *m = json_pack("{s:s,s:s,s:o,s:s,s:s,s:b}", "csrf", csrf_token(rq, rs), "lanjut",
                          next_of(rq), "qr", tmpl_safe(qr.p, qr.len), "secret", grouped.p, "uri",
                          uri.p, "required", c->s.stage == SESSION_ENROL);
    buf_free(&uri);
    buf_free(&qr);
    buf_free(&grouped);
    if (error)
        json_object_set_new(m, "errors", json_pack("{s:s}", "code", frame_t(rq, error)));
    return frame_render(rq, rs, status, "auth/totp_enrol", N_("Set up two-step verification"), m);
}

static int
auth_routes_get_enrol(struct req *rq, struct resp *rs)
{
    struct auth_ctx *c = auth_ctx(rq);
    if (c->u.totp_enabled) {
        resp_redirect(rs, 303, c->s.stage == SESSION_FULL ? "/akun" : "/masuk/totp");
        return 0;
    }
    if (!c->u.totp_secret[0]) {
        /* A pending secret: it only counts once a code from it is confirmed. */
        char secret[64];
        totp_new_secret(secret, sizeof secret);
        int rc = auth_store_set_totp(rq->db, c->u.id, secret, false, clock_now_ms());
        if (rc)
            return rc;
        snprintf(c->u.totp_secret, sizeof c->u.totp_secret, "%s", secret);
    }
    return render_enrol(rq, rs, 200, c->u.totp_secret, NULL);
}

static int
auth_routes_post_enrol(struct req *rq, struct resp *rs)
{
    struct auth_ctx *c = auth_ctx(rq);
    if (c->u.totp_enabled || !c->u.totp_secret[0]) {
        resp_redirect(rs, 303, "/masuk/totp-daftar");
        return 0;
    }
    char digits[8] = "";
    size_t nd = 0;
    for (const char *p = req_field_trimmed(rq, "kode"); *p && nd < 7; p++)
        if (*p != ' ')
            digits[nd++] = *p;
    digits[nd] = '\0';
    int64_t now = clock_now_ms();
    int64_t step = 0;
    if (!totp_check_step(c->u.totp_secret, digits, now, &step))
        return render_enrol(
            rq, rs, 422, c->u.totp_secret,
            N_("The code is not correct. Check the time on your phone and enter the 6-digit code your app shows now."));
    char codes[10][20], hashes[10][65];
    for (int i = 0; i < 10; i++) {
        static const char alpha[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
        size_t k = 0;
        for (int j = 0; j < 16; j++) {
            if (j && j % 4 == 0)
                codes[i][k++] = '-';
            codes[i][k++] = alpha[randombytes_uniform(sizeof alpha - 1)];
        }
        codes[i][k] = '\0';
        auth_code_hash(codes[i], hashes[i]);
    }
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = auth_store_set_totp(rq->db, c->u.id, c->u.totp_secret, true, now);
    if (!rc)
        rc = auth_store_totp_use(rq->db, c->u.id, step);
    if (!rc)
        rc = auth_store_recovery_replace(rq->db, c->u.id, hashes, 10, now);
    if (!rc && c->s.stage != SESSION_FULL)
        rc = session_set_stage(rq->db, c->s.id, SESSION_FULL);
    if (!rc)
        rc = audit_request(rq, "auth.totp_enrolled", c->u.unit_id, "user",
                           arena_printf(rq->a, "%lld", (long long)c->u.id), NULL, NULL);
    if (!rc)
        rc = db_commit(rq->db);
    else
        db_rollback(rq->db);
    if (rc)
        return rc;
    json_t *list = json_array();
    for (int i = 0; i < 10; i++)
        json_array_append_new(list, json_string(codes[i]));
    json_t *m = json_pack("{s:o,s:s}", "codes", list, "lanjut", next_of(rq));
    sodium_memzero(codes, sizeof codes);
    return frame_render(rq, rs, 200, "auth/recovery", N_("Your recovery codes"), m);
}

/* --- setting a password with a one-time code ------------------------------------------------ */

static int
render_password(struct req *rq, struct resp *rs, int status, const char *code, json_t *errors)
{
    json_t *m =
        json_pack("{s:s,s:{s:s}}", "csrf", csrf_token(rq, rs), "values", "code", code ? code : "");
    if (errors)
        json_object_set_new(m, "errors", errors);
    return frame_render(rq, rs, status, "auth/password", N_("Set your password"), m);
}

static int
auth_routes_get_password(struct req *rq, struct resp *rs)
{
    const char *code = req_query(rq, "kode");
    return render_password(rq, rs, 200, code && strlen(code) < 40 ? code : "", NULL);
}

static int
auth_routes_post_password(struct req *rq, struct resp *rs)
{
    const char *code = req_field_trimmed(rq, "kode");
    const char *pw = req_field(rq, "password");
    const char *pw2 = req_field(rq, "password2");
    int64_t now = clock_now_ms();
    char hash[65];
    int64_t user_id = 0, token_id = 0;
    char kind[16] = "";
    json_t *errors = json_object();
    int rc = db_begin_write(rq->db);
    if (rc) {
        json_decref(errors);
        return rc;
    }
    int64_t wait = throttle_wait_key(rq->db, rq->client_addr, now);
    if (wait > 0) {
        db_commit(rq->db);
        rq->retry_after_s = (wait + 999) / 1000;
        resp_header(rs, "Retry-After", arena_printf(rq->a, "%lld", (long long)rq->retry_after_s));
        json_object_set_new(
            errors, "form",
            json_string(frame_t(rq, N_("Too many attempts. Please wait a moment and try again."))));
        return render_password(rq, rs, 429, code, errors);
    }
    if (auth_code_hash(code, hash) != 0 ||
        auth_store_token_find(rq->db, hash, now, &user_id, &token_id, kind, sizeof kind) != 0) {
        throttle_fail_key(rq->db, rq->client_addr, now);
        audit_own(rq, "auth.code_rejected", 0, "anonim", 0, "");
        db_commit(rq->db);
        json_object_set_new(
            errors, "code",
            json_string(frame_t(
                rq,
                N_("This code is not valid or has expired. Ask the zona administrator of your unit for a new one."))));
        return render_password(rq, rs, 422, code, errors);
    }
    struct auth_user u;
    auth_store_user_by_id(rq->db, user_id, &u);
    const char *problem =
        !pw || !*pw ? N_("Please enter your password.") : password_problem(pw, u.nip, u.email);
    if (problem)
        json_object_set_new(errors, "password", json_string(frame_t(rq, problem)));
    else if (!pw2 || strcmp(pw, pw2) != 0)
        json_object_set_new(errors, "password2",
                            json_string(frame_t(rq, N_("The two passwords are not the same."))));
    if (json_object_size(errors)) {
        db_rollback(rq->db);
        return render_password(rq, rs, 422, code, errors);
    }
    json_decref(errors);
    char h[160];
    if ((rc = password_hash(pw, h, sizeof h)) == 0)
        rc = auth_store_set_password(rq->db, user_id, h, now);
    if (!rc)
        rc = auth_store_token_use(rq->db, token_id, now);
    bool reset = strcmp(kind, "reset") == 0;
    if (!rc && reset) {
        /* a reset also answers a lost device: the second factor is set up again */
        rc = auth_store_set_totp(rq->db, user_id, "", false, now);
        if (!rc)
            rc = auth_store_recovery_replace(rq->db, user_id, NULL, 0, now);
    }
    if (!rc)
        rc = session_end_all(rq->db, user_id, 0);
    if (!rc) {
        char oid[32];
        snprintf(oid, sizeof oid, "%lld", (long long)user_id);
        json_t *after = json_pack("{s:s}", "code", kind);
        struct audit_entry e = {user_id, u.name, u.unit_id, "auth.password_set",
                                "user",  oid,    NULL,      after};
        rc = audit_append(rq->db, &e);
        json_decref(after);
    }
    if (!rc)
        rc = db_commit(rq->db);
    else
        db_rollback(rq->db);
    if (rc)
        return rc;
    frame_flash(rq, rs, "password_set");
    resp_redirect(rs, 303, "/masuk");
    return 0;
}

/* --- the account page --------------------------------------------------------------------- */

static json_t *
account_model(struct req *rq, struct resp *rs)
{
    struct auth_ctx *c = auth_ctx(rq);
    enum fmt_zone z = zone_of(&c->u);
    json_t *roles = json_array();
    for (size_t i = 0; i < c->ngrants; i++) {
        const struct acl_grant *g = &c->grants[i];
        json_t *r = json_pack("{s:s,s:s,s:s,s:s}", "role", g->role, "label",
                              acl_role_label(g->role, rq->lang), "unit_code", g->unit_code,
                              "unit_name", g->unit_name);
        if (g->area)
            json_object_set_new(r, "area", json_integer(g->area));
        json_array_append_new(roles, r);
    }
    json_t *sessions = json_array();
    int64_t now = clock_now_ms();
    auth_store_sessions(rq->db, c->u.id, now, (int64_t)config_get()->session_idle_min * 60000,
                        sessions);
    size_t i;
    json_t *s;
    json_array_foreach(sessions, i, s)
    {
        struct buf a = BUF_INIT, b = BUF_INIT;
        fmt_datetime(&a, rq->lang, json_integer_value(json_object_get(s, "created_at")), z);
        fmt_datetime(&b, rq->lang, json_integer_value(json_object_get(s, "last_seen_at")), z);
        json_object_set_new(s, "created", json_string(a.p));
        json_object_set_new(s, "last_seen", json_string(b.p));
        json_object_set_new(s, "current",
                            json_boolean(json_integer_value(json_object_get(s, "id")) == c->s.id));
        buf_free(&a);
        buf_free(&b);
    }
    int64_t left = 0;
    auth_store_recovery_left(rq->db, c->u.id, &left);
    return json_pack("{s:{s:s,s:s,s:s,s:s,s:s,s:s},s:o,s:o,s:b,s:I,s:s}", "me", "nip", c->u.nip,
                     "name", c->u.name, "email", c->u.email, "position", c->u.position, "unit_code",
                     c->u.unit_code, "unit_name", c->u.unit_name, "roles", roles, "sessions",
                     sessions, "totp_enabled", c->u.totp_enabled, "recovery_left", (json_int_t)left,
                     "csrf", csrf_token(rq, rs));
}

static int
auth_routes_get_account(struct req *rq, struct resp *rs)
{
    return frame_render(rq, rs, 200, "auth/account", N_("My account"), account_model(rq, rs));
}

static int
auth_routes_post_account_password(struct req *rq, struct resp *rs)
{
    struct auth_ctx *c = auth_ctx(rq);
    const char *cur = req_field(rq, "current");
    const char *pw = req_field(rq, "password");
    const char *pw2 = req_field(rq, "password2");
    json_t *errors = json_object();
    if (!cur || password_verify(c->u.password_hash, cur, NULL) != 0)
        json_object_set_new(errors, "current",
                            json_string(frame_t(rq, N_("Your current password is not correct."))));
    const char *problem = !pw || !*pw ? N_("Please enter your password.")
                                      : password_problem(pw, c->u.nip, c->u.email);
    if (problem)
        json_object_set_new(errors, "password", json_string(frame_t(rq, problem)));
    else if (!pw2 || strcmp(pw, pw2) != 0)
        json_object_set_new(errors, "password2",
                            json_string(frame_t(rq, N_("The two passwords are not the same."))));
    if (json_object_size(errors)) {
        json_t *m = account_model(rq, rs);
        json_object_set_new(m, "errors", errors);
        return frame_render(rq, rs, 422, "auth/account", N_("My account"), m);
    }
    json_decref(errors);
    char h[160];
    int rc = password_hash(pw, h, sizeof h);
    if (!rc)
        rc = db_begin_write(rq->db);
    if (!rc)
        rc = auth_store_set_password(rq->db, c->u.id, h, clock_now_ms());
    if (!rc && password_hook)
        rc = password_hook(rq, c->u.id, cur, pw);
    if (!rc)
        rc = session_end_all(rq->db, c->u.id, c->s.id);
    if (!rc)
        rc = audit_request(rq, "auth.password_changed", c->u.unit_id, "user",
                           arena_printf(rq->a, "%lld", (long long)c->u.id), NULL, NULL);
    if (!rc)
        rc = db_commit(rq->db);
    else
        db_rollback(rq->db);
    if (rc)
        return rc;
    frame_flash(rq, rs, "password_changed");
    resp_redirect(rs, 303, "/akun");
    return 0;
}

static int
auth_routes_post_end_session(struct req *rq, struct resp *rs)
{
    struct auth_ctx *c = auth_ctx(rq);
    int64_t id, owner;
    const char *p = req_param(rq, "id");
    if (!p || parse_i64(p, strlen(p), &id) != 0 ||
        auth_store_session_owner(rq->db, id, &owner) != 0 || owner != c->u.id)
        return ZE_NOTFOUND;
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = session_end(rq->db, id);
    if (!rc)
        rc = audit_request(rq, "auth.session_ended", c->u.unit_id, "session",
                           arena_printf(rq->a, "%lld", (long long)id), NULL, NULL);
    if (!rc)
        rc = db_commit(rq->db);
    else
        db_rollback(rq->db);
    if (rc)
        return rc;
    if (id == c->s.id) {
        session_clear_cookie(rq, rs);
        frame_flash(rq, rs, "signed_out");
        resp_redirect(rs, 303, "/");
        return 0;
    }
    frame_flash(rq, rs, "session_ended");
    resp_redirect(rs, 303, "/akun");
    return 0;
}

static int
auth_routes_post_end_all(struct req *rq, struct resp *rs)
{
    struct auth_ctx *c = auth_ctx(rq);
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = session_end_all(rq->db, c->u.id, 0);
    if (!rc)
        rc = audit_request(rq, "auth.signed_out_everywhere", c->u.unit_id, "user",
                           arena_printf(rq->a, "%lld", (long long)c->u.id), NULL, NULL);
    if (!rc)
        rc = db_commit(rq->db);
    else
        db_rollback(rq->db);
    if (rc)
        return rc;
    session_clear_cookie(rq, rs);
    frame_flash(rq, rs, "signed_out");
    resp_redirect(rs, 303, "/");
    return 0;
}

/* --- the JSON API ------------------------------------------------------------------------ */

json_t *
auth_me_json(struct req *rq)
{
    struct auth_ctx *c = auth_ctx(rq);
    json_t *roles = json_array();
    for (size_t i = 0; i < c->ngrants; i++) {
        json_t *r =
            json_pack("{s:s,s:s}", "role", c->grants[i].role, "unit", c->grants[i].unit_code);
        if (c->grants[i].area)
            json_object_set_new(r, "area", json_integer(c->grants[i].area));
        json_array_append_new(roles, r);
    }
    return json_pack("{s:s,s:s,s:s,s:s,s:{s:s,s:s,s:s},s:o,s:b}", "nip", c->u.nip, "name",
                     c->u.name, "email", c->u.email, "position", c->u.position, "unit", "code",
                     c->u.unit_code, "name", c->u.unit_name, "tz", c->u.unit_tz, "roles", roles,
                     "totp", c->u.totp_enabled);
}

static int
api_error(struct req *rq, struct resp *rs, int status, const char *code, const char *msg)
{
    http_error_json(rs, status, code, frame_t(rq, msg));
    return 0;
}

static int
auth_routes_post_api_session(struct req *rq, struct resp *rs)
{
    json_t *j = rq->json;
    const char *login = json_string_value(json_object_get(j, "login"));
    const char *password = json_string_value(json_object_get(j, "password"));
    json_t *otpj = json_object_get(j, "otp");
    if (!json_is_object(j) || !login || !password || !*login || !*password ||
        (otpj && !json_is_string(otpj)))
        return api_error(
            rq, rs, 400, "invalid_input",
            N_("Send {\"login\": NIP or e-mail, \"password\": ...} and, for an account with two-step verification, \"otp\"."));
    struct login l;
    int r = check_login(rq, login, password, &l);
    if (r < 0)
        return r;
    if (r == LOGIN_THROTTLED) {
        rq->retry_after_s = (l.retry_ms + 999) / 1000;
        resp_header(rs, "Retry-After", arena_printf(rq->a, "%lld", (long long)rq->retry_after_s));
        return api_error(rq, rs, 429, "too_many_requests",
                         N_("Too many attempts. Please wait a moment and try again."));
    }
    if (r == LOGIN_BAD)
        return api_error(rq, rs, 401, "invalid_credentials",
                         N_("The NIP/email or password is not correct."));
    if (l.stage == SESSION_ENROL) {
        db_rollback(rq->db);
        return api_error(
            rq, rs, 403, "totp_enrolment_required",
            N_("Your role requires two-step verification. Sign in on the web once to set it up."));
    }
    if (l.stage == SESSION_TOTP) {
        const char *otp = json_string_value(otpj);
        if (!otp || auth_totp_accept(rq->db, l.u.id, l.u.totp_secret, otp, clock_now_ms()) != 0) {
            char oid[32];
            snprintf(oid, sizeof oid, "%lld", (long long)l.u.id);
            throttle_fail(rq->db, rq->client_addr, login, clock_now_ms());
            audit_own(rq, "auth.totp_failed", l.u.id, l.u.name, l.u.unit_id, oid);
            db_commit(rq->db);
            return api_error(
                rq, rs, 401, otp ? "invalid_otp" : "otp_required",
                otp ? N_("The two-step verification code is not correct.")
                    : N_("This account uses two-step verification: send the current code as \"otp\"."));
        }
        l.stage = SESSION_FULL;
    }
    int rc = finish_login(rq, rs, &l, NULL, NULL);
    if (rc)
        return rc;
    struct auth_ctx *c = arena_alloc(rq->a, sizeof *c);
    c->u = l.u;
    c->signed_in = true;
    auth_store_grants(rq->db, rq->a, l.u.id, &c->grants, &c->ngrants);
    rq->session = c;
    json_t *me = auth_me_json(rq);
    json_t *body = json_pack("{s:o}", "user", me);
    resp_json(rs, 200, body);
    json_decref(body);
    return 0;
}

static int
auth_routes_delete_api_session(struct req *rq, struct resp *rs)
{
    struct auth_ctx *c = auth_ctx(rq);
    int rc = db_begin_write(rq->db);
    if (!rc)
        rc = session_end(rq->db, c->s.id);
    if (!rc)
        rc = audit_request(rq, "auth.sign_out", c->u.unit_id, "user",
                           arena_printf(rq->a, "%lld", (long long)c->u.id), NULL, NULL);
    if (!rc)
        rc = db_commit(rq->db);
    else
        db_rollback(rq->db);
    if (rc)
        return rc;
    session_clear_cookie(rq, rs);
    json_t *b = json_pack("{s:b}", "signed_out", 1);
    resp_json(rs, 200, b);
    json_decref(b);
    return 0;
}

static int
auth_routes_get_api_me(struct req *rq, struct resp *rs)
{
    json_t *me = auth_me_json(rq);
    resp_json(rs, 200, me);
    json_decref(me);
    return 0;
}

static const struct route auth_routes[] = {
    {HTTP_GET, "/masuk", NULL, NULL, auth_routes_get_login, ROUTE_PUBLIC, NULL},
    {HTTP_POST, "/masuk", NULL, NULL, auth_routes_post_login, ROUTE_PUBLIC, NULL},
    {HTTP_POST, "/keluar", "session", NULL, auth_routes_post_logout, ROUTE_PARTIAL, NULL},
    {HTTP_GET, "/masuk/totp", "session", NULL, auth_routes_get_totp, ROUTE_PARTIAL, NULL},
    {HTTP_POST, "/masuk/totp", "session", NULL, auth_routes_post_totp, ROUTE_PARTIAL, NULL},
    {HTTP_GET, "/masuk/totp-daftar", "session", NULL, auth_routes_get_enrol, ROUTE_PARTIAL, NULL},
    {HTTP_POST, "/masuk/totp-daftar", "session", NULL, auth_routes_post_enrol, ROUTE_PARTIAL, NULL},
    {HTTP_GET, "/sandi", NULL, NULL, auth_routes_get_password, ROUTE_PUBLIC, NULL},
    {HTTP_POST, "/sandi", NULL, NULL, auth_routes_post_password, ROUTE_PUBLIC, NULL},
    {HTTP_GET, "/akun", "session", NULL, auth_routes_get_account, 0, NULL},
    {HTTP_POST, "/akun/sandi", "session", NULL, auth_routes_post_account_password, 0, NULL},
    {HTTP_POST, "/akun/sesi/:id/akhiri", "session", NULL, auth_routes_post_end_session, 0, NULL},
    {HTTP_POST, "/akun/sesi/akhiri-semua", "session", NULL, auth_routes_post_end_all, 0, NULL},
    {HTTP_POST, "/api/v1/session", NULL, NULL, auth_routes_post_api_session, ROUTE_PUBLIC, NULL},
    {HTTP_DELETE, "/api/v1/session", "session", NULL, auth_routes_delete_api_session, ROUTE_PARTIAL,
     NULL},
    {HTTP_GET, "/api/v1/me", "session", NULL, auth_routes_get_api_me, 0, NULL},
};

void
auth_routes_register(void)
{
    router_add(auth_routes, sizeof auth_routes / sizeof auth_routes[0]);
}
