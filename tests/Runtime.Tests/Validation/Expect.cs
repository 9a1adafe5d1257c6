namespace GraphGen.Tests.Validation;

/// <summary>Asserts an exception of a documented type whose message contains every fragment.</summary>
internal static class Expect
{
    public static TException Throws<TException>(Action action, params string[] fragments) where TException : Exception
    {
        var e = Assert.ThrowsAny<TException>(action);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
        return e;
    }

    public static TException Throws<TException>(Func<object?> func, params string[] fragments) where TException : Exception
        => Throws<TException>(() => { _ = func(); }, fragments);
}
