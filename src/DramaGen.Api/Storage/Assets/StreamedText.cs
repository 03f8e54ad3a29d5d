using System.Buffers;
using System.Text;
using System.Text.Json;

namespace DramaGen.Storage.Assets;

/// <summary>
/// <see cref="MediaTypes.SniffText"/> over a stream, a piece at a time: UTF-8 that is checked across piece
/// boundaries, no control characters, and JSON when the first character opens a value and the whole parses.
/// </summary>
internal static class StreamedText
{
    private const int PieceBytes = 64 * 1024;

    // A JSON token longer than this (one huge string) would have to be held whole to be parsed; such a file is
    // stored as plain text instead, so the check never holds more than this.
    private const int MaxJsonTokenBytes = 1024 * 1024;

    public static async Task<string?> SniffAsync(Stream content, CancellationToken cancellationToken)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
        var chars = ArrayPool<char>.Shared.Rent(PieceBytes + 1);
        var buffer = ArrayPool<byte>.Shared.Rent(PieceBytes + MaxJsonTokenBytes);
        try
        {
            var json = new JsonState();
            var carried = 0; // bytes of an unfinished JSON token kept at the start of the buffer
            var first = true;
            var any = false;
            bool ended;
            do
            {
                var read = await content.ReadAtLeastAsync(buffer.AsMemory(carried, PieceBytes), PieceBytes, throwOnEndOfStream: false, cancellationToken);
                ended = read < PieceBytes;
                var piece = buffer.AsSpan(carried, read);
                if (first && piece.StartsWith("\uFEFF"u8))
                {
                    piece = piece[3..];
                    piece.CopyTo(buffer.AsSpan(carried));
                    piece = buffer.AsSpan(carried, piece.Length);
                }
                first = false;
                any |= !piece.IsEmpty;
                if (!IsUtf8Text(decoder, piece, chars, flush: ended))
                {
                    return null;
                }
                carried = json.Feed(buffer.AsSpan(0, carried + piece.Length), ended);
            }
            while (!ended);
            return any ? json.IsJson ? MediaTypes.Json : MediaTypes.Text : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static bool IsUtf8Text(Decoder decoder, ReadOnlySpan<byte> piece, char[] chars, bool flush)
    {
        foreach (var b in piece)
        {
            if (b is < 0x20 and not ((byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f') or 0x7F)
            {
                return false;
            }
        }
        try
        {
            decoder.GetChars(piece, chars, flush);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Whether the text so far opens with '{' or '[' and parses as one JSON value.</summary>
    private sealed class JsonState
    {
        private JsonReaderState _reader = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        private bool? _opensValue;
        private bool _valid = true;

        public bool IsJson => _opensValue == true && _valid;

        /// <returns>How many bytes at the end of <paramref name="text"/> the next piece must be appended to.</returns>
        public int Feed(Span<byte> text, bool isFinal)
        {
            if (_opensValue is null)
            {
                var trimmed = text.TrimStart(" \t\r\n"u8);
                if (trimmed.IsEmpty)
                {
                    return 0;
                }
                _opensValue = trimmed[0] is (byte)'{' or (byte)'[';
            }
            if (_opensValue == false || !_valid)
            {
                return 0;
            }
            var reader = new Utf8JsonReader(text, isFinal, _reader);
            try
            {
                while (reader.Read())
                {
                }
            }
            catch (JsonException)
            {
                _valid = false;
                return 0;
            }
            _reader = reader.CurrentState;
            var rest = text[(int)reader.BytesConsumed..];
            if (rest.Length > MaxJsonTokenBytes)
            {
                _valid = false;
                return 0;
            }
            rest.CopyTo(text);
            return rest.Length;
        }
    }
}
