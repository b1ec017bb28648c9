package clinic.triage.rules;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map keeping insertion order, backed by two arrays: a decision's answers in
 * questionnaire order, built once per evaluation without the cost of a LinkedHashMap.
 */
final class UsedAnswers extends AbstractMap<String, Object> {

  private final String[] keys;
  private final Object[] values;

  UsedAnswers(String[] keys, Object[] values) {
    this.keys = keys;
    this.values = values;
  }

  static Map<String, Object> copyOf(Map<String, Object> map) {
    if (map instanceof UsedAnswers used) {
      return used;
    }
    String[] keys = new String[map.size()];
    Object[] values = new Object[map.size()];
    int i = 0;
    for (Map.Entry<String, Object> entry : map.entrySet()) {
      keys[i] = entry.getKey();
      values[i++] = entry.getValue();
    }
    return new UsedAnswers(keys, values);
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public Object get(Object key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object key) {
    for (String candidate : keys) {
      if (candidate.equals(key)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public int size() {
        return keys.length;
      }

      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keys.length;
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= keys.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(keys[i], values[i]);
          }
        };
      }
    };
  }
}
