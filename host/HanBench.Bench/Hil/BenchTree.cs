using HanBench.Bench.Radio;
using HanBench.Protocol.Management;

namespace HanBench.Bench.Hil;

/// <summary>The bench file's topology as a tree rooted at the hub (the loader has checked it is one).</summary>
internal sealed class BenchTree
{
    private readonly BenchFile _file;
    private readonly Dictionary<string, (string Parent, HopKind Kind)> _up = [];

    private BenchTree(BenchFile file)
    {
        _file = file;
    }

    public static BenchTree Of(BenchFile file)
    {
        var tree = new BenchTree(file);
        var queue = new Queue<string>([file.Hub.Name]);
        var seen = new HashSet<string> { file.Hub.Name };
        while (queue.Count > 0)
        {
            string name = queue.Dequeue();
            foreach (BenchHop hop in file.Hops.Where(h => h.A == name || h.B == name))
            {
                string other = hop.A == name ? hop.B : hop.A;
                if (seen.Add(other))
                {
                    tree._up[other] = (name, hop.Kind);
                    queue.Enqueue(other);
                }
            }
        }

        return tree;
    }

    /// <summary>Every node below <paramref name="name"/> (away from the hub).</summary>
    public IEnumerable<BenchNode> Below(string name)
    {
        foreach (BenchNode node in _file.Nodes)
        {
            for (string current = node.Name; _up.TryGetValue(current, out var up); current = up.Parent)
            {
                if (up.Parent == name)
                {
                    yield return node;
                    break;
                }
            }
        }
    }

    /// <summary>The radio of each link in the role's order: hub WAN, HAN; bridge hub side, far side; others HAN.</summary>
    public HopKind[] LinkKinds(string name)
    {
        BenchNode node = _file.Node(name);
        if (node.Role == DeviceRoleKind.Hub)
        {
            return [HopKind.Wire, HopKind.ZigBee];
        }

        HopKind up = _up[name].Kind;
        return node.Role == DeviceRoleKind.Bridge ? [up, up == HopKind.ZigBee ? HopKind.AltHan : HopKind.ZigBee] : [up];
    }

    /// <summary>A bridge's partner across its Alt HAN hop, if any.</summary>
    public BenchNode? AltHanPartner(string name)
    {
        BenchHop? hop = _file.Hops.FirstOrDefault(h => h.Kind == HopKind.AltHan && (h.A == name || h.B == name));
        return hop is null ? null : _file.Node(hop.A == name ? hop.B : hop.A);
    }
}
