using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using FalStorage.Core.Transfer;

namespace FalStorage.Commands
{
    /// <summary>
    /// Send-FalAsset's and Save-FalAsset's progress bars, drawn from what the workers report: one bar for the whole
    /// run, and one below it for each file sent (or fetched) in parts and each file being read back by -Verify. Bytes count
    /// once the service has answered for them, so the run's bar never runs ahead of the files' own.
    /// Called on the pipeline thread only.
    /// </summary>
    internal sealed class ProgressReporter
    {
        public const string UploadActivity = "Uploading to fal Storage";
        public const string DownloadActivity = "Downloading files";
        private const int OverallProgressId = 1;
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

        private readonly TransferMonitor _monitor;
        private readonly Action<ProgressRecord> _write;
        private readonly string _activity;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();

        // The files' bars on screen, by id, with their activity, to close each when its file is done.
        private readonly Dictionary<int, string> _shownFileBars = new Dictionary<int, string>();
        private TimeSpan _lastProgress;

        /// <param name="write">Writes a record (the cmdlet's WriteProgress); null when progress is not shown.</param>
        /// <param name="activity">The overall bar's title: <see cref="UploadActivity"/> or <see cref="DownloadActivity"/>.</param>
        public ProgressReporter(TransferMonitor monitor, Action<ProgressRecord>? write, string activity = UploadActivity)
        {
            _monitor = monitor;
            _write = write ?? (_ => { });
            _activity = activity;
        }

        /// <summary>Redraws the bars, at most every <see cref="ProgressInterval"/>.</summary>
        public void WriteIfDue()
        {
            if (_elapsed.Elapsed - _lastProgress >= ProgressInterval)
            {
                _lastProgress = _elapsed.Elapsed;
                Write(completed: false);
            }
        }

        /// <summary>The run is over: every bar is closed.</summary>
        public void WriteCompleted() => Write(completed: true);

        private void Write(bool completed)
        {
            // The bytes are read before the files' parts: see TransferMonitor.PartTaken.
            var taken = _monitor.BytesTaken;
            var inFlight = _monitor.BytesInFlight;
            var queued = _monitor.BytesQueued;
            var rate = (taken + inFlight) / Math.Max(_elapsed.Elapsed.TotalSeconds, 0.001);
            var onTheWay = inFlight > 0 && !completed ? $" ({FormatBytes(inFlight)} on the way)" : string.Empty;

            // A -Content stream that cannot seek counts its bytes as they are read: the total is not known yet.
            var totalUnknown = !completed && _monitor.ActiveMultipart.Any(file => file.PartCount == null);
            _write(new ProgressRecord(
                OverallProgressId,
                _activity,
                $"{_monitor.FilesFinished} of {_monitor.FilesQueued} files, {FormatBytes(taken)} of {FormatBytes(queued)}{(totalUnknown ? " read so far" : "")}{onTheWay}, {FormatBytes(rate)}/s")
            {
                PercentComplete = queued > 0 && !totalUnknown ? (int)Math.Min(100, taken * 100 / queued) : -1,
                RecordType = completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            });

            var active = new HashSet<int>();
            if (!completed)
            {
                foreach (var file in _monitor.ActiveMultipart.ToList())
                {
                    var done = file.PartsDone;
                    if (file.PartCount is int count)
                    {
                        WriteFileBar(active, file.Id, file.FileName, $"{done} of {count} parts", done * 100 / count);
                    }
                    else
                    {
                        WriteFileBar(active, file.Id, file.FileName, $"{done} parts sent, reading on", -1);
                    }
                }

                foreach (var file in _monitor.ActiveVerifications.ToList())
                {
                    var read = file.BytesRead;
                    WriteFileBar(
                        active,
                        file.Id,
                        "Verifying " + file.FileName,
                        $"Reading it back: {FormatBytes(read)} of {FormatBytes(file.Length)}",
                        file.Length > 0 ? (int)Math.Min(100, read * 100 / file.Length) : 0);
                }
            }

            foreach (var finished in _shownFileBars.Where(bar => !active.Contains(bar.Key)).ToList())
            {
                _shownFileBars.Remove(finished.Key);
                _write(new ProgressRecord(OverallProgressId + finished.Key, finished.Value, "done")
                {
                    ParentActivityId = OverallProgressId,
                    RecordType = ProgressRecordType.Completed,
                });
            }
        }

        private void WriteFileBar(HashSet<int> active, int id, string activity, string status, int percent)
        {
            active.Add(id);
            _shownFileBars[id] = activity;
            _write(new ProgressRecord(OverallProgressId + id, activity, status)
            {
                ParentActivityId = OverallProgressId,
                PercentComplete = percent,
            });
        }

        private static string FormatBytes(double bytes)
        {
            string[] units = { "B", "KB", "MB", "GB", "TB" };
            var unit = 0;
            while (bytes >= 1024 && unit < units.Length - 1)
            {
                bytes /= 1024;
                unit++;
            }

            return unit == 0 ? $"{bytes:0} {units[unit]}" : $"{bytes:0.0} {units[unit]}";
        }
    }
}
