// Tests seed and draw from the process-wide RandomGenerator.Default (initialisation, dropout masks), so that
// eager and compiled runs see the same random numbers; parallel test classes would interleave the draws.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
