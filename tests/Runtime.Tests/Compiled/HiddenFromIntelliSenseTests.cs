using System.ComponentModel;
using System.Reflection;
using GraphGen.Compiled;

namespace GraphGen.Tests.Compiled;

/// <summary>
/// The runtime's GraphGen.Compiled and GraphGen.Compiled.Gpu types exist for generated code, so they are hidden from
/// IntelliSense; only <see cref="SimdDispatch"/>'s width override (with <see cref="SimdWidth"/>), a knob for benchmarks, stays visible.
/// </summary>
public class HiddenFromIntelliSenseTests
{
    [Fact]
    public void EveryPublicTypeOnlyGeneratedCodeUsesIsHidden()
    {
        var visible = typeof(CompiledCall).Assembly.GetExportedTypes()
            .Where(t => t.Namespace is "GraphGen.Compiled" or "GraphGen.Compiled.Gpu" && !t.IsNested)
            .Where(t => t.GetCustomAttribute<EditorBrowsableAttribute>()?.State != EditorBrowsableState.Never)
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal);
        Assert.Equal(["Simd", "SimdWidth"], visible);
    }
}
