package io.clerkcache.jcache.internal;

/** The four cache operations a method can be annotated with. */
enum Kind {
    RESULT, PUT, REMOVE, REMOVE_ALL
}
