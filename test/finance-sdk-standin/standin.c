/*
 * A stand-in for Tencent's libWeWorkFinanceSdk_C.so (会话内容存档 Finance SDK) for tests: the same C ABI
 * (WeWorkFinanceSdk_C.h: NewSdk, Init, GetChatData, DecryptData, GetMediaData, DestroySdk, the Slice_t and
 * MediaData_t helpers), serving known records from a fixture file named by STANDIN_FIXTURE, read on every call.
 * Fixture lines (space separated, one record a line):
 *   chat <seq> <msgid> <publickey_ver> <encrypt_random_key> <encrypt_chat_msg>
 *   media <sdkfileid> <path of the file's bytes>
 * encrypt_chat_msg is base64 of ("STANDIN:" + message JSON) XOR the random key (repeated); DecryptData undoes it
 * and answers 10006 when the marker does not come out (a wrong key). Errors on demand: an Init secret
 * "fail-chat-<code>" / "fail-media-<code>" makes GetChatData / GetMediaData return <code>. Media is served in
 * 512 KB chunks; the index is "off:<offset>". StandinCalls("chat" | "media") counts calls (a test hook, not
 * part of Tencent's ABI).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct WeWorkFinanceSdk_t {
    char corpid[128];
    int fail_chat;
    int fail_media;
} WeWorkFinanceSdk_t;

typedef struct Slice_t {
    char *buf;
    int len;
} Slice_t;

typedef struct MediaData {
    char *outindexbuf;
    int out_len;
    char *data;
    int data_len;
    int is_finish;
} MediaData_t;

#define CHUNK (512 * 1024)
#define MARKER "STANDIN:"

static int chat_calls = 0;
static int media_calls = 0;

int StandinCalls(const char *what) {
    if (what && strcmp(what, "chat") == 0) return chat_calls;
    if (what && strcmp(what, "media") == 0) return media_calls;
    return -1;
}

WeWorkFinanceSdk_t *NewSdk(void) { return calloc(1, sizeof(WeWorkFinanceSdk_t)); }

void DestroySdk(WeWorkFinanceSdk_t *sdk) { free(sdk); }

static int code_after(const char *s, const char *prefix) {
    size_t n = strlen(prefix);
    return strncmp(s, prefix, n) == 0 ? atoi(s + n) : 0;
}

int Init(WeWorkFinanceSdk_t *sdk, const char *corpid, const char *secret) {
    if (!sdk || !corpid || !secret || !*corpid || !*secret || strlen(corpid) >= sizeof sdk->corpid) return 10000;
    strcpy(sdk->corpid, corpid);
    sdk->fail_chat = code_after(secret, "fail-chat-");
    sdk->fail_media = code_after(secret, "fail-media-");
    return 0;
}

Slice_t *NewSlice(void) { return calloc(1, sizeof(Slice_t)); }

void FreeSlice(Slice_t *slice) {
    if (!slice) return;
    free(slice->buf);
    free(slice);
}

char *GetContentFromSlice(Slice_t *slice) { return slice ? slice->buf : NULL; }
int GetSliceLen(Slice_t *slice) { return slice ? slice->len : 0; }

MediaData_t *NewMediaData(void) { return calloc(1, sizeof(MediaData_t)); }

void FreeMediaData(MediaData_t *m) {
    if (!m) return;
    free(m->outindexbuf);
    free(m->data);
    free(m);
}

char *GetOutIndexBuf(MediaData_t *m) { return m ? m->outindexbuf : NULL; }
char *GetData(MediaData_t *m) { return m ? m->data : NULL; }
int GetIndexLen(MediaData_t *m) { return m ? m->out_len : 0; }
int GetDataLen(MediaData_t *m) { return m ? m->data_len : 0; }
int IsMediaDataFinish(MediaData_t *m) { return m ? m->is_finish : 0; }

/* A growing string. */
typedef struct { char *s; size_t len, cap; } buf_t;

static int put(buf_t *b, const char *s) {
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 1024) + n;
        char *p = realloc(b->s, cap);
        if (!p) return -1;
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n + 1);
    b->len += n;
    return 0;
}

static FILE *open_fixture(void) {
    const char *path = getenv("STANDIN_FIXTURE");
    return path ? fopen(path, "r") : NULL;
}

int GetChatData(WeWorkFinanceSdk_t *sdk, unsigned long long seq, unsigned int limit, const char *proxy,
                const char *passwd, int timeout, Slice_t *out) {
    (void)proxy; (void)passwd; (void)timeout;
    chat_calls++;
    if (!sdk || !out || limit == 0 || limit > 1000) return 10000;
    if (sdk->fail_chat) return sdk->fail_chat;
    FILE *f = open_fixture();
    if (!f) return 10003;
    buf_t b = {0};
    int rc = put(&b, "{\"errcode\":0,\"errmsg\":\"ok\",\"chatdata\":[");
    char *line = NULL;
    size_t cap = 0;
    unsigned int n = 0;
    while (rc == 0 && n < limit && getline(&line, &cap, f) > 0) {
        char kind[16], msgid[256];
        unsigned long long s;
        int ver;
        int key_at = 0, msg_at = 0, key_end = 0, msg_end = 0;
        if (sscanf(line, "%15s %llu %255s %d %n%*s%n %n%*s%n", kind, &s, msgid, &ver, &key_at, &key_end, &msg_at, &msg_end) < 4) continue;
        if (strcmp(kind, "chat") != 0 || s <= seq || !msg_end) continue;
        line[key_end] = '\0';
        line[msg_end] = '\0';
        char head[512];
        snprintf(head, sizeof head, "%s{\"seq\":%llu,\"msgid\":\"%s\",\"publickey_ver\":%d,\"encrypt_random_key\":\"", n ? "," : "", s, msgid, ver);
        rc = put(&b, head) || put(&b, line + key_at) || put(&b, "\",\"encrypt_chat_msg\":\"") || put(&b, line + msg_at) || put(&b, "\"}");
        n++;
    }
    free(line);
    fclose(f);
    if (rc == 0) rc = put(&b, "]}");
    if (rc != 0) {
        free(b.s);
        return 10003;
    }
    free(out->buf);
    out->buf = b.s;
    out->len = (int)b.len;
    return 0;
}

static int b64val(int c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* Decodes base64 into a new buffer; returns its length, or -1 when the text is not base64. */
static long b64decode(const char *in, unsigned char **out) {
    size_t n = strlen(in);
    while (n > 0 && in[n - 1] == '=') n--;
    if (n % 4 == 1) return -1;
    unsigned char *o = malloc(n * 3 / 4 + 1);
    if (!o) return -1;
    long len = 0;
    unsigned int acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64val((unsigned char)in[i]);
        if (v < 0) {
            free(o);
            return -1;
        }
        acc = (acc << 6) | (unsigned int)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            o[len++] = (unsigned char)((acc >> bits) & 0xff);
        }
    }
    *out = o;
    return len;
}

int DecryptData(const char *encrypt_key, const char *encrypt_msg, Slice_t *msg) {
    if (!encrypt_key || !encrypt_msg || !msg || !*encrypt_key) return 10000;
    unsigned char *raw = NULL;
    long n = b64decode(encrypt_msg, &raw);
    if (n < 0) return 10002;
    size_t k = strlen(encrypt_key);
    for (long i = 0; i < n; i++) raw[i] ^= (unsigned char)encrypt_key[i % k];
    size_t m = strlen(MARKER);
    if ((size_t)n < m || memcmp(raw, MARKER, m) != 0) {
        free(raw);
        return 10006;
    }
    char *text = malloc((size_t)n - m + 1);
    if (!text) {
        free(raw);
        return 10003;
    }
    memcpy(text, raw + m, (size_t)n - m);
    text[n - m] = '\0';
    free(raw);
    free(msg->buf);
    msg->buf = text;
    msg->len = (int)(n - m);
    return 0;
}

int GetMediaData(WeWorkFinanceSdk_t *sdk, const char *indexbuf, const char *sdkFileid, const char *proxy,
                 const char *passwd, int timeout, MediaData_t *media_data) {
    (void)proxy; (void)passwd; (void)timeout;
    media_calls++;
    if (!sdk || !sdkFileid || !*sdkFileid || !media_data) return 10000;
    if (sdk->fail_media) return sdk->fail_media;
    long off = 0;
    if (indexbuf && *indexbuf) {
        if (strncmp(indexbuf, "off:", 4) != 0) return 10000;
        off = atol(indexbuf + 4);
    }
    FILE *f = open_fixture();
    if (!f) return 10003;
    char *line = NULL, path[1024] = "";
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        char kind[16], id[512], p[1024];
        if (sscanf(line, "%15s %511s %1023s", kind, id, p) == 3 && strcmp(kind, "media") == 0 && strcmp(id, sdkFileid) == 0) {
            strcpy(path, p);
            break;
        }
    }
    free(line);
    fclose(f);
    if (!*path) return 10005;
    FILE *m = fopen(path, "rb");
    if (!m) return 10003;
    fseek(m, 0, SEEK_END);
    long size = ftell(m);
    if (off < 0 || off > size) {
        fclose(m);
        return 10000;
    }
    long n = size - off < CHUNK ? size - off : CHUNK;
    char *data = malloc(n > 0 ? (size_t)n : 1);
    char *next = malloc(32);
    if (!data || !next) {
        free(data);
        free(next);
        fclose(m);
        return 10003;
    }
    fseek(m, off, SEEK_SET);
    long got = (long)fread(data, 1, (size_t)n, m);
    fclose(m);
    if (got != n) {
        free(data);
        free(next);
        return 10003;
    }
    snprintf(next, 32, "off:%ld", off + n);
    free(media_data->data);
    free(media_data->outindexbuf);
    media_data->data = data;
    media_data->data_len = (int)n;
    media_data->outindexbuf = next;
    media_data->out_len = (int)strlen(next);
    media_data->is_finish = off + n >= size;
    return 0;
}
