/**
 * {@link io.shmkit.msgpack.MsgPackCodec}: Python-like values (integers, floats, strings, bytes, null, booleans,
 * lists, maps) as MessagePack, the format Python's {@code msgpack} reads and writes, so that a Java process and a
 * Python process exchange {@code [42, None, 'hello']} through a queue. Depends on shmkit core and
 * {@code org.msgpack:msgpack-core}.
 */
package io.shmkit.msgpack;
