#ifndef EST_CCURL_SHIM_H
#define EST_CCURL_SHIM_H

#include <curl/curl.h>

// curl_easy_setopt and curl_easy_getinfo are C variadics, which Swift cannot call:
// one typed wrapper per argument kind.

static inline CURLcode est_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode est_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode est_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode est_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode est_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*est_curl_data_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode est_curl_setopt_data_callback(CURL *handle, CURLoption option, est_curl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode est_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode est_curl_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode est_curl_global_init_default(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

// Progress callback (CURLOPT_XFERINFOFUNCTION): return non-zero to abort the transfer.
typedef int (*est_curl_xferinfo_callback)(void *context, curl_off_t dltotal, curl_off_t dlnow,
                                          curl_off_t ultotal, curl_off_t ulnow);

static inline CURLcode est_curl_setopt_xferinfo_callback(CURL *handle, est_curl_xferinfo_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

static inline size_t est_curl_error_size(void) {
    return CURL_ERROR_SIZE;
}

static inline long est_curl_max_read_size(void) {
    return CURL_MAX_READ_SIZE;
}

#endif
