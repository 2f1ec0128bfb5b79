/**
 * One operator, one class. Not API: streams are built through {@link dev.rivulet.streaming.DStream} and
 * {@link dev.rivulet.streaming.PairDStream}; these classes may change between releases.
 */
package dev.rivulet.streaming.operators;
