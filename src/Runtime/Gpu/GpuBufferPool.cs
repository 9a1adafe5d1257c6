using System.Collections.Concurrent;
using ILGPU.Runtime;

namespace GraphGen.Gpu;

/// <summary>
/// Recycles device buffers by exact (element type, length): a training step allocates the same shapes
/// every time, so after the first step every request is served from the pool and the driver's allocator
/// (synchronous and slow on CUDA) is not called again. Buffers come back only when their storage is
/// released explicitly (<see cref="GpuScope"/>, a replaced gradient) — or, for tensors made outside any
/// scope, when the garbage collector finalizes their storage (queued, returned on the next rent).
/// </summary>
internal sealed class GpuBufferPool(Accelerator accelerator)
{
    private readonly Dictionary<(Type, long), Stack<MemoryBuffer>> _free = [];

    // Every rented buffer stays reachable from here: ILGPU buffers have their own finalizers, which would free
    // the memory behind a buffer that an unreachable storage's finalizer is handing back.
    private readonly HashSet<MemoryBuffer> _rented = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentQueue<(MemoryBuffer, Type)> _finalized = new();
    private long _bytesInUse, _bytesCached;
    private int _buffersInUse;

    public GpuMemoryStats Stats
    {
        get
        {
            DrainFinalized();
            lock (_free) return new GpuMemoryStats(_bytesInUse, _bytesCached, _buffersInUse);
        }
    }

    /// <summary>A buffer of exactly <paramref name="length"/> elements (at least one is allocated), from the pool when possible.</summary>
    public MemoryBuffer1D<T, ILGPU.Stride1D.Dense> Rent<T>(long length) where T : unmanaged
    {
        DrainFinalized();
        long allocated = Math.Max(length, 1);
        lock (_free)
        {
            long bytes = allocated * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
            _bytesInUse += bytes;
            _buffersInUse++;
            if (_free.TryGetValue((typeof(T), allocated), out var stack) && stack.Count > 0)
            {
                _bytesCached -= bytes;
                var reused = stack.Pop();
                _rented.Add(reused);
                return (MemoryBuffer1D<T, ILGPU.Stride1D.Dense>)reused;
            }
            MemoryBuffer1D<T, ILGPU.Stride1D.Dense> buffer;
            try
            {
                buffer = accelerator.Allocate1D<T>(allocated);
            }
            // ILGPU keeps a CUDA error as the enum member's name.
            catch (Exception e) when (e is OutOfMemoryException or ILGPU.Runtime.Cuda.CudaException { Error: nameof(ILGPU.Runtime.Cuda.CudaError.CUDA_ERROR_OUT_OF_MEMORY) })
            {
                _bytesInUse -= bytes;
                _buffersInUse--;
                throw new OutOfMemoryException(
                    $"{accelerator.Name}: out of memory. Tried to allocate {bytes} bytes ({allocated} elements of {typeof(T).Name}); " +
                    $"{_bytesInUse} bytes are held by tensors and {_bytesCached} cached for reuse by GraphGen.", e);
            }
            _rented.Add(buffer);
            return buffer;
        }
    }

    /// <summary>Takes a buffer back for reuse. The caller guarantees no tensor reads it any more.</summary>
    public void Return(MemoryBuffer buffer, Type elementType)
    {
        lock (_free)
        {
            if (!_rented.Remove(buffer)) return; // already back (a storage released twice cannot happen; be safe)
            long bytes = buffer.LengthInBytes;
            _bytesInUse -= bytes;
            _bytesCached += bytes;
            _buffersInUse--;
            var key = (elementType, buffer.Length);
            if (!_free.TryGetValue(key, out var stack)) _free[key] = stack = new Stack<MemoryBuffer>();
            stack.Push(buffer);
        }
    }

    /// <summary>Called from a storage's finalizer: the buffer is handed back on the owning thread's next pool call, never from the finalizer thread.</summary>
    public void ReturnFromFinalizer(MemoryBuffer buffer, Type elementType) => _finalized.Enqueue((buffer, elementType));

    public void EmptyCache()
    {
        DrainFinalized();
        lock (_free)
        {
            foreach (var stack in _free.Values)
                while (stack.Count > 0) stack.Pop().Dispose();
            _free.Clear();
            _bytesCached = 0;
        }
    }

    private void DrainFinalized()
    {
        while (_finalized.TryDequeue(out var item)) Return(item.Item1, item.Item2);
    }
}
