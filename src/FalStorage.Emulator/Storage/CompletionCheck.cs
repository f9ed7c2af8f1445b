namespace FalStorage.Emulator.Storage;

/// <summary>Whether a completion's parts list makes the whole upload: what a completion checks before it commits.</summary>
internal static class CompletionCheck
{
    /// <summary>Why the listed parts do not make the upload, or null if they are the staged parts
    /// (<paramref name="staged"/>: the ETag of each part number's latest upload), each once, from 1 without gaps.</summary>
    public static string? Problem(IReadOnlyList<ListedPart> listed, IReadOnlyDictionary<int, string> staged)
    {
        if (listed.Count == 0)
        {
            return "The parts list is empty: list every uploaded part as {\"partNumber\": N, \"etag\": \"...\"}.";
        }

        var ordered = listed.OrderBy(part => part.PartNumber).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var number = ordered[i].PartNumber;
            if (number < 1)
            {
                return $"Part numbers start at 1; {number} is not a part number.";
            }

            if (i > 0 && number == ordered[i - 1].PartNumber)
            {
                return $"Part {number} is listed more than once.";
            }

            if (number != i + 1)
            {
                return $"Part {i + 1} is missing from the list: parts are numbered from 1 without gaps.";
            }

            if (!staged.TryGetValue(number, out var etag))
            {
                return $"Part {number} was not uploaded (or was already used by an earlier completion).";
            }

            if (!ETagsMatch(ordered[i].ETag, etag))
            {
                return $"The ETag of part {number} does not match its latest upload: send the ETag its PUT answered.";
            }
        }

        var unlisted = staged.Keys.Where(number => number > ordered.Count).Order().ToList();
        if (unlisted.Count > 0)
        {
            return $"Part {unlisted[0]} was uploaded but is not listed: list every part, or the object would be cut short.";
        }

        return null;
    }

    /// <summary>Clients send the ETag as the header gave it (quoted, Python) or as the JSON body gave it.</summary>
    public static bool ETagsMatch(string presented, string etag) =>
        presented.Trim().Trim('"').Equals(etag, StringComparison.Ordinal);
}
