using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using FalStorage.Core;

namespace FalStorage.Commands
{
    /// <summary>
    /// Send-FalAsset's progress bars, drawn from what the upload workers report: one bar for the whole run,
    /// and one below it for each file sent in parts. Called on the pipeline thread only.
    /// </summary>
    internal sealed class ProgressReporter
    {
        private const string Activity = "Uploading to fal Storage";
        private const int OverallProgressId = 1;
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

        private readonly TransferMonitor _monitor;
        private readonly Action<ProgressRecord> _write;
        private readonly Stopwatch _elapsed = Stopwatch.StartNew();
        private readonly HashSet<int> _shownPartBars = new HashSet<int>();
        private TimeSpan _lastProgress;

        /// <param name="write">Writes a record (the cmdlet's WriteProgress); null when progress is not shown.</param>
        public ProgressReporter(TransferMonitor monitor, Action<ProgressRecord>? write)
        {
            _monitor = monitor;
            _write = write ?? (_ => { });
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
            var sent = _monitor.BytesSent;
            var queued = _monitor.BytesQueued;
            var rate = sent / Math.Max(_elapsed.Elapsed.TotalSeconds, 0.001);
            _write(new ProgressRecord(
                OverallProgressId,
                Activity,
                $"{_monitor.FilesFinished} of {_monitor.FilesQueued} files, {FormatBytes(sent)} of {FormatBytes(queued)}, {FormatBytes(rate)}/s")
            {
                PercentComplete = queued > 0 ? (int)Math.Min(100, sent * 100 / queued) : -1,
                RecordType = completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            });

            var active = completed ? new List<MultipartProgress>() : _monitor.ActiveMultipart.ToList();
            foreach (var file in active)
            {
                _shownPartBars.Add(file.Id);
                _write(new ProgressRecord(OverallProgressId + file.Id, file.FileName, $"{file.PartsDone} of {file.PartCount} parts")
                {
                    ParentActivityId = OverallProgressId,
                    PercentComplete = file.PartsDone * 100 / file.PartCount,
                });
            }

            foreach (var finished in _shownPartBars.Where(id => active.All(file => file.Id != id)).ToList())
            {
                _shownPartBars.Remove(finished);
                _write(new ProgressRecord(OverallProgressId + finished, Activity, "done")
                {
                    ParentActivityId = OverallProgressId,
                    RecordType = ProgressRecordType.Completed,
                });
            }
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
