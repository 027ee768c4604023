import { request, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { configureRequestOptions, configureRequestUrl, HttpExecutor, type DownloadOptions } from 'builder-util-runtime';

/**
 * electron-updater's transport with Node's http instead of Electron's `net` (the Electron binary
 * is not available to tests). Everything above the socket is electron-updater's own code: the
 * generic provider, `latest*.yml` parsing, version comparison, the download helper and
 * builder-util-runtime's `doDownload`, which pipes the body through its sha512 `DigestTransform`.
 * `download` mirrors ElectronHttpExecutor.download line for line.
 */
export class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest {
    return request(options, callback);
  }

  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers ?? undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel,
          callback: (error) => (error == null ? resolve(destination) : reject(error)),
          responseHandler: null,
        },
        0,
      );
    });
  }
}
