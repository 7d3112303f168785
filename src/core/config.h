/* Settings, from the environment and an optional zona.conf; defaults run. */
#ifndef ZONA_CORE_CONFIG_H
#define ZONA_CORE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Named limits for everything whose size comes from input. */
enum {
    LIMIT_URL = 8192,             /* bytes of path + query */
    LIMIT_HEADER_BYTES = 32768,   /* all request headers, enforced through MHD memory limit */
    LIMIT_FIELDS = 1000,          /* form fields per request */
    LIMIT_FIELD_NAME = 256,       /* bytes of one field name */
    LIMIT_FIELD_VALUE = 1 << 20,  /* bytes of one non-file field value */
    LIMIT_FILES = 20,             /* uploaded files per request */
    LIMIT_JSON_DEPTH = 32,        /* nesting of JSON bodies */
    LIMIT_COOKIES = 50,           /* cookies per request */
    LIMIT_HEADERS = 128,          /* request headers kept */
    LIMIT_ROWS_PER_PAGE = 1000,   /* list size before pagination */
    LIMIT_ROUTE_PARAMS = 8,       /* :params in one route pattern */
    LIMIT_MULTIPART_HEADER = 4096 /* bytes of one part's headers */
};

struct config {
    char *listen_host;        /* ZONA_LISTEN host part */
    int listen_port;          /* ZONA_LISTEN port part; 0 picks a free port */
    char *var_dir;            /* ZONA_VAR */
    char *db_url;             /* ZONA_DB */
    char *root;               /* ZONA_ROOT: the source tree, read when dev is set */
    bool dev;                 /* ZONA_DEV */
    bool demo;                /* ZONA_DEMO */
    char *trusted_proxy;      /* ZONA_TRUSTED_PROXY: comma-separated addresses */
    char *metrics_token;      /* ZONA_METRICS_TOKEN */
    int threads;              /* ZONA_THREADS */
    size_t max_body;          /* ZONA_MAX_BODY: bytes of a form or JSON body */
    size_t max_upload;        /* ZONA_MAX_UPLOAD: bytes of a multipart body with files */
    int conn_timeout;         /* ZONA_CONN_TIMEOUT: seconds of client inactivity */
    int max_connections;      /* ZONA_MAX_CONNECTIONS */
    int per_ip_connections;   /* ZONA_PER_IP_CONNECTIONS */
    int shutdown_grace;       /* ZONA_SHUTDOWN_GRACE: seconds to finish requests on SIGTERM */
    int pg_statement_timeout; /* ZONA_PG_STATEMENT_TIMEOUT: milliseconds */
    char *port_file;          /* ZONA_PORT_FILE: where serve writes its port (tests) */
    char *log_level;          /* ZONA_LOG */
    char *argon2;             /* ZONA_ARGON2: interactive (default) or test */
    int session_idle_min;     /* ZONA_SESSION_IDLE: minutes without a request */
    int session_max_hours;    /* ZONA_SESSION_MAX: hours from sign-in */
    char *public_url;         /* ZONA_PUBLIC_URL: how people reach zona, for links */
    int64_t evidence_max;     /* ZONA_EVIDENCE_MAX: bytes of one evidence file */
    char *smtp_url;           /* ZONA_SMTP_URL: smtp://host:port or smtps://…; "" sends no mail */
    char *smtp_from;          /* ZONA_SMTP_FROM: the sender address of notifications */
    char *smtp_user;          /* ZONA_SMTP_USER */
    char *smtp_password;      /* ZONA_SMTP_PASSWORD */
    int wbs_pow_bits;         /* ZONA_WBS_POW_BITS: -1 when unset (the WBS settings decide) */
    char *wbs_secret_file;    /* ZONA_WBS_SECRET_FILE: "" for ZONA_VAR/wbs-lookup.key */
};

struct config_setting {
    const char *name;
    const char *def;
    const char *help;
};

/* The table of every setting with its default and meaning (README lists the same). */
extern const struct config_setting config_settings[];

/* Loads zona.conf (ZONA_CONF, default ./zona.conf when present), then the environment.
 * Returns 0, or ZE_INVAL after printing which line or value is wrong. Call once, at start. */
int config_load(void);
/* The loaded settings; valid after config_load() for the life of the process. */
const struct config *config_get(void);
/* Releases the loaded settings (config_load() calls it first, so tests may reload). */
void config_free(void);

#endif
