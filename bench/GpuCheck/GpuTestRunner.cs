using System.Diagnostics;
using System.Reflection;
using Xunit;

namespace GraphGen.Bench.GpuCheck;

/// <summary>
/// Runs every xunit [Fact] and [Theory] (rows from [MemberData] / [InlineData]) of the test classes compiled into
/// this assembly, a fresh instance per test as xunit does, and prints one line per test: "PASS name (ms)" or
/// "FAIL name: message". Just enough of a runner to run the linked GPU tests where no test host exists.
/// </summary>
public static class GpuTestRunner
{
    /// <summary>Runs them all and returns the number of failures.</summary>
    public static int RunAll(TextWriter output)
    {
        int passed = 0, failed = 0;
        var testClasses = typeof(GpuTestRunner).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && TestMethods(t).Any())
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in testClasses)
            foreach (var method in TestMethods(type))
                foreach (var arguments in Rows(method))
                {
                    string name = $"{type.Name}.{method.Name}{(arguments.Length == 0 ? "" : $"({string.Join(", ", arguments)})")}";
                    if (method.GetCustomAttribute<FactAttribute>()!.Skip is { } reason)
                    {
                        output.WriteLine($"SKIP {name}: {reason}");
                        continue;
                    }
                    var clock = Stopwatch.StartNew();
                    var error = Run(type, method, arguments);
                    if (error is null)
                    {
                        passed++;
                        output.WriteLine($"PASS {name} ({clock.ElapsedMilliseconds} ms)");
                    }
                    else
                    {
                        failed++;
                        output.WriteLine($"FAIL {name}: {error.GetType().Name}: {error.Message.ReplaceLineEndings(" | ")}");
                    }
                }
        output.WriteLine($"# gpu check: {passed} passed, {failed} failed");
        return failed + (passed == 0 ? 1 : 0); // finding no test at all is a failure too
    }

    private static IEnumerable<MethodInfo> TestMethods(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m.GetCustomAttribute<FactAttribute>() is not null)
            .OrderBy(m => m.MetadataToken);

    /// <summary>The argument rows of a theory ([MemberData] on the test class or a named type, [InlineData]); one empty row for a fact.</summary>
    private static IEnumerable<object?[]> Rows(MethodInfo method)
    {
        if (method.GetCustomAttribute<TheoryAttribute>() is null) return [[]];
        var rows = new List<object?[]>();
        foreach (var inline in method.GetCustomAttributes<InlineDataAttribute>())
            rows.AddRange(inline.GetData(method));
        foreach (var member in method.GetCustomAttributes<MemberDataAttribute>())
        {
            var source = member.MemberType ?? method.DeclaringType!;
            const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.FlattenHierarchy;
            object? data = source.GetProperty(member.MemberName, flags)?.GetValue(null)
                ?? source.GetField(member.MemberName, flags)?.GetValue(null)
                ?? source.GetMethod(member.MemberName, flags)?.Invoke(null, member.Parameters)
                ?? throw new InvalidOperationException($"[MemberData(\"{member.MemberName}\")] on {method.Name}: no static member of that name on {source.Name}.");
            rows.AddRange(((IEnumerable<object?[]>)data).Select(r => r));
        }
        return rows;
    }

    /// <summary>Runs one test on a new instance (disposed afterwards, as xunit does); the exception it threw, or null.</summary>
    private static Exception? Run(Type type, MethodInfo method, object?[] arguments)
    {
        object? instance = null;
        try
        {
            instance = method.IsStatic ? null : Activator.CreateInstance(type);
            var result = method.Invoke(instance, arguments);
            if (result is Task task) task.GetAwaiter().GetResult();
            return null;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            return e.InnerException;
        }
        catch (Exception e)
        {
            return e;
        }
        finally
        {
            (instance as IDisposable)?.Dispose();
        }
    }
}
