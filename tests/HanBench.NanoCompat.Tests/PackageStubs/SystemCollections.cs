// nanoFramework.System.Collections 1.5.x: nanoFramework.System.Collections/Collections/Hashtable.cs,
// DictionaryEntry.cs, Queue.cs (entries and citations: nanoframework-1x-api.txt, section nanoFramework.System.Collections).
namespace System.Collections
{
    public class Hashtable : ICollection
    {
        public Hashtable()
        {
        }

        public Hashtable(int capacity)
        {
        }

        public int Count => 0;

        public object this[object key] { get => null!; set { } }

        public ICollection Keys => null!;

        public ICollection Values => null!;

        public bool IsSynchronized => false;

        public object SyncRoot => this;

        public void Add(object key, object value)
        {
        }

        public void Clear()
        {
        }

        public bool Contains(object key) => false;

        public void Remove(object key)
        {
        }

        public void CopyTo(Array array, int index)
        {
        }

        public IEnumerator GetEnumerator() => null!;
    }

    public struct DictionaryEntry
    {
        public object Key;
        public object Value;

        public DictionaryEntry(object key, object value)
        {
            Key = key;
            Value = value;
        }
    }

    public class Queue : ICollection
    {
        public Queue()
        {
        }

        public int Count => 0;

        public bool IsSynchronized => false;

        public object SyncRoot => this;

        public void Enqueue(object obj)
        {
        }

        public object Dequeue() => null!;

        public object Peek() => null!;

        public void Clear()
        {
        }

        public bool Contains(object obj) => false;

        public object[] ToArray() => null!;

        public void CopyTo(Array array, int index)
        {
        }

        public IEnumerator GetEnumerator() => null!;
    }
}
