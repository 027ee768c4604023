import { useState } from 'react';
import { downloadBlob } from '../api/downloadBlob.js';
import type { HubClient } from '../api/hubClient.js';
import { describeFailure } from '../store/dashboardStore.js';

/** "Download results (CSV)": every attempt's scores, skills and pending manual grading. */
export function CsvButton({ client }: { client: HubClient }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function download() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const { blob, filename } = await client.resultsCsv();
      downloadBlob(blob, filename);
    } catch (failure) {
      setError(`The results could not be downloaded: ${describeFailure(failure)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="csv">
      <button type="button" className="button button--quiet" onClick={() => void download()} aria-disabled={busy || undefined} data-testid="download-csv">
        <span aria-hidden="true">⤓ </span>
        {busy ? 'Preparing results…' : 'Download results (CSV)'}
      </button>
      {error ? (
        <span role="alert" className="field-error">
          {error}
        </span>
      ) : null}
    </span>
  );
}
