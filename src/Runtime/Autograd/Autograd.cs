namespace GraphGen;

/// <summary>Gradient mode and the reverse-mode engine (one topological walk, written once).</summary>
public static class Autograd
{
    [ThreadStatic] private static int t_noGradDepth;

    /// <summary>True unless inside a <see cref="NoGrad"/> scope on this thread.</summary>
    public static bool IsGradEnabled => t_noGradDepth == 0;

    /// <summary>PyTorch's <c>torch.no_grad()</c>: <c>using (Autograd.NoGrad()) { ... }</c>.</summary>
    public static IDisposable NoGrad()
    {
        t_noGradDepth++;
        return new ThreadScope(static () => t_noGradDepth--);
    }

    /// <summary>
    /// PyTorch's <c>torch.autograd.detect_anomaly()</c>: <c>using (Autograd.DetectAnomaly()) { ... }</c>. Ops run
    /// inside the scope record where they were called, and a backward run inside it throws
    /// <see cref="InvalidOperationException"/> at the first node that produces a NaN or infinite gradient
    /// ("Function 'LogBackward0' returned nan values in its 0th output."), naming the forward op's call site.
    /// It costs a stack trace per op and a scan per gradient: a debugging tool, as in PyTorch.
    /// </summary>
    public static IDisposable DetectAnomaly() => AnomalyMode.Enter();

    /// <summary>True inside a <see cref="DetectAnomaly"/> scope on this thread.</summary>
    public static bool IsAnomalyEnabled => AnomalyMode.IsEnabled;

    /// <summary>
    /// Records a custom differentiable function (PyTorch's <c>autograd.Function</c>): <paramref name="output"/>
    /// was computed from <paramref name="inputs"/> outside autograd, and <paramref name="backward"/> maps the
    /// output's gradient to one gradient per input (null where none). Generated module code uses this.
    /// </summary>
    public static Tensor Function(string name, Tensor output, Func<Tensor, Tensor?[]> backward, params Tensor?[] inputs)
    {
        if (!output.IsLeaf || output.RequiresGrad)
            throw new ArgumentException($"Function '{name}': the output must be a fresh tensor computed without autograd.", nameof(output));
        return Record(name, output, backward, inputs);
    }

    /// <summary>Records <paramref name="result"/> as produced by an op over <paramref name="inputs"/>, if any needs a gradient.</summary>
    internal static Tensor Record(string name, Tensor result, Func<Tensor, Tensor?[]> backward, params ReadOnlySpan<Tensor?> inputs)
        => Record(name, result, (g, _) => backward(g), inputs);

    /// <summary>
    /// As <see cref="Record(string, Tensor, Func{Tensor, Tensor?[]}, ReadOnlySpan{Tensor?})"/>, but the backward
    /// function is told which inputs need a gradient, so it can skip work (a GEMM for a matmul's data input).
    /// </summary>
    internal static Tensor Record(string name, Tensor result, Func<Tensor, bool[], Tensor?[]> backward, params ReadOnlySpan<Tensor?> inputs)
    {
        if (!IsGradEnabled) return result;
        bool any = false;
        foreach (var t in inputs) any |= t is not null && t.RequiresGrad;
        if (!any) return result;
        var edges = new Edge[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) edges[i] = EdgeTo(inputs[i]);
        result.SetGradFn(new Node(name, edges, backward) { CreationSite = AnomalyMode.IsEnabled ? AnomalyMode.CreationSite() : null });
        return result;
    }

    /// <summary>Where a gradient for <paramref name="input"/> goes: its node, the leaf itself, or nowhere.</summary>
    internal static Edge EdgeTo(Tensor? input)
    {
        if (input is null || !input.RequiresGrad) return new Edge(null, null, [], default);
        return input.GradFn is { } fn ? new Edge(fn, null, input.ShapeArray, input.DType) : new Edge(null, input, input.ShapeArray, input.DType);
    }

    /// <summary>
    /// Records <paramref name="result"/>, a tensor the op hands out again each step, as produced over
    /// <paramref name="inputs"/>, reusing its node when the last graph through it was consumed (the caller has
    /// checked that some input needs a gradient). Under <see cref="DetectAnomaly"/> a fresh node records its call site.
    /// </summary>
    internal static void Rerecord(Tensor result, string name, Func<Tensor, bool[], Tensor?[]> backward, ReadOnlySpan<Tensor?> inputs)
    {
        if (result.Recycled is { } recycled && !AnomalyMode.IsEnabled)
        {
            recycled.Node.Reconnect(inputs);
            result.SetGradFn(recycled.Node);
            return;
        }

        Record(name, result, backward, inputs);
        result.Recycled = AnomalyMode.IsEnabled ? null : new RecycledResult(result.GradFn!);
    }

    /// <summary>
    /// Marks tensors that <paramref name="result"/>'s backward function reads, so an in-place change to
    /// them before backward is reported (PyTorch's saved-tensor version check). No-op without a node.
    /// </summary>
    internal static Tensor Saving(this Tensor result, params ReadOnlySpan<Tensor?> saved)
    {
        result.GradFn?.Save(saved);
        return result;
    }

    internal static void Backward(Tensor root, Tensor grad, bool retainGraph)
    {
        // A no-grad scope without its IDisposable: a steady training step's backward allocates nothing.
        t_noGradDepth++;
        try
        {
            if (root.GradFn is null)
            {
                if (!root.RequiresGrad)
                    throw new InvalidOperationException("element 0 of tensors does not require grad and does not have a grad_fn");
                Accumulate(root, grad);
                return;
            }

            // The walk's collections are the thread's, reused by the next backward; a backward started inside
            // a backward (a custom function's) gets its own.
            var walk = t_walk is { InUse: false } idle ? idle : new BackwardWalk();
            t_walk ??= walk;
            walk.InUse = true;
            try
            {
                Walk(walk, root.GradFn, grad, retainGraph);
            }
            finally
            {
                walk.Clear();
            }
        }
        finally
        {
            t_noGradDepth--;
        }
    }

    [ThreadStatic] private static BackwardWalk? t_walk;

    private static void Walk(BackwardWalk walk, Node rootFn, Tensor grad, bool retainGraph)
    {
        var order = walk.Order;
        TopologicalOrder(rootFn, walk);
        var pending = walk.Pending;
        pending[rootFn] = grad;
        for (int n = order.Count - 1; n >= 0; n--)
        {
            var node = order[n];
            if (!pending.Remove(node, out var g)) continue;
            if (node.Retained is { } weak && weak.TryGetTarget(out var kept)) Accumulate(kept, g);
            var grads = node.Apply(g, retainGraph);
            if (AnomalyMode.IsEnabled) AnomalyMode.CheckGradients(node, grads);
            for (int i = 0; i < node.Next.Length; i++)
            {
                var edge = node.Next[i];
                if (edge.IsEmpty || i >= grads.Length || grads[i] is not { } gi) continue;
                gi = gi.SumToShape(edge.Shape).To(edge.DType);
                if (edge.Function is { } fn)
                    pending[fn] = pending.TryGetValue(fn, out var acc) ? acc + gi : gi;
                else
                    Accumulate(edge.Leaf!, gi);
            }
        }
    }

    private static void Accumulate(Tensor target, Tensor g)
    {
        // Always a private copy: g may be shared (AddBackward gives the same tensor to both inputs, views
        // share storage, the caller's gradient is passed through), and Grad is accumulated in place later.
        if (target.Grad is null)
        {
            var grad = g.Detach().Clone();
            if (grad.Storage is GpuStorage gpu) gpu.AdoptAsGradient(); // released when replaced, not at the end of a scope
            target.Grad = grad;
        }
        else target.Grad.Add_(g);
    }

    private static void TopologicalOrder(Node root, BackwardWalk walk)
    {
        // Iterative post-order DFS: deep graphs must not overflow the stack.
        var (order, visited, stack) = (walk.Order, walk.Visited, walk.Stack);
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next < node.Next.Length)
            {
                stack.Push((node, next + 1));
                if (node.Next[next].Function is { } child && visited.Add(child)) stack.Push((child, 0));
            }
            else
            {
                order.Add(node);
            }
        }
    }
}
