using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace GraphGen.Generator.Model
{
    /// <summary>
    /// An immutable array compared by its elements, so that pipeline models built from it are
    /// equal when their contents are, and the incremental generator can cache them.
    /// </summary>
    internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
        where T : IEquatable<T>
    {
        public static readonly EquatableArray<T> Empty = new(Array.Empty<T>());

        private readonly T[]? _items;

        public EquatableArray(T[] items) => _items = items;

        public EquatableArray(IEnumerable<T> items) => _items = System.Linq.Enumerable.ToArray(items);

        public int Count => _items?.Length ?? 0;

        public T this[int index] => _items![index];

        public ReadOnlySpan<T> AsSpan() => _items.AsSpan();

        public int IndexOf(T item) => _items is null ? -1 : Array.IndexOf(_items, item);

        public bool Equals(EquatableArray<T> other) => AsSpan().SequenceEqual(other.AsSpan());

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            unchecked
            {
                int hash = 17;
                foreach (var item in AsSpan()) hash = hash * 31 + (item?.GetHashCode() ?? 0);
                return hash;
            }
        }

        public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

        public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public static implicit operator EquatableArray<T>(T[] items) => new(items);

        public static implicit operator EquatableArray<T>(ImmutableArray<T> items) => new(items.IsDefault ? Array.Empty<T>() : System.Linq.Enumerable.ToArray(items));
    }

    internal static class EquatableArray
    {
        public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) where T : IEquatable<T> => new(items);
    }
}
