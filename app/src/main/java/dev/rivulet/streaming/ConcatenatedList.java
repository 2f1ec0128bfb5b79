package dev.rivulet.streaming;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** A read-only view of several lists one after another: a window's batches without copying them. */
final class ConcatenatedList<T> extends AbstractList<T> {

    private final List<List<T>> parts;
    private final int size;

    ConcatenatedList(List<List<T>> parts) {
        this.parts = parts;
        int total = 0;
        for (List<T> part : parts) {
            total += part.size();
        }
        this.size = total;
    }

    @Override
    public T get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " of " + size);
        }
        int offset = index;
        for (List<T> part : parts) {
            if (offset < part.size()) {
                return part.get(offset);
            }
            offset -= part.size();
        }
        throw new IllegalStateException("unreachable");
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private int part;
            private Iterator<T> current = parts.isEmpty() ? null : parts.get(0).iterator();

            @Override
            public boolean hasNext() {
                while (current != null && !current.hasNext()) {
                    part++;
                    current = part < parts.size() ? parts.get(part).iterator() : null;
                }
                return current != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }
}
