package org.jbuildkit.registry.hosts;

/** Fixed PEM test material made with openssl: an EC P-256 self-signed certificate (CN=jbuildkit-unit-ca, 100 years)
    and its key as SEC1 and PKCS#8, and an RSA 1024 key as PKCS#1 and PKCS#8. Test-only keys. */
final class TestPems {

    private TestPems() {}

    static final String CERT = String.join("\n",
            "-----BEGIN CERTIFICATE-----",
            "MIIBpjCCAUugAwIBAgIUdWS35XNQofQtOnYl1nq+B9tCg98wCgYIKoZIzj0EAwIw",
            "HDEaMBgGA1UEAwwRamJ1aWxka2l0LXVuaXQtY2EwIBcNMjYxMTI0MDcxMDQ1WhgP",
            "MjEyNjEwMzEwNzEwNDVaMBwxGjAYBgNVBAMMEWpidWlsZGtpdC11bml0LWNhMFkw",
            "EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEHrzHUsRtFr8MUjkV+bXaZZvsuWZXgCww",
            "NeFCUKd/K81FyIvl9G6ud+IxRU/mECA6nF9hsd4ODHDlmJ9PyD06nKNpMGcwHQYD",
            "VR0OBBYEFGhctYgOGTpNdQbup52/Bn3wBOQQMB8GA1UdIwQYMBaAFGhctYgOGTpN",
            "dQbup52/Bn3wBOQQMA8GA1UdEwEB/wQFMAMBAf8wFAYDVR0RBA0wC4IJbG9jYWxo",
            "b3N0MAoGCCqGSM49BAMCA0kAMEYCIQDWhHaEuGifobwaekYW+RNZu3oMyeD4gB/y",
            "tggXG7ZNbgIhAIGgVKvVKWLdf94dDdJR6WVKPjRPyl8929pv50G3iCmW",
            "-----END CERTIFICATE-----", "");

    static final String EC_SEC1 = String.join("\n",
            "-----BEGIN EC PRIVATE KEY-----",
            "MHcCAQEEILZiIyaIZDX/+j0cYrFkOl3TKR8esmxrQ2Bb5Lq4YTZRoAoGCCqGSM49",
            "AwEHoUQDQgAEHrzHUsRtFr8MUjkV+bXaZZvsuWZXgCwwNeFCUKd/K81FyIvl9G6u",
            "d+IxRU/mECA6nF9hsd4ODHDlmJ9PyD06nA==",
            "-----END EC PRIVATE KEY-----", "");

    static final String EC_PKCS8 = String.join("\n",
            "-----BEGIN PRIVATE KEY-----",
            "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgtmIjJohkNf/6PRxi",
            "sWQ6XdMpHx6ybGtDYFvkurhhNlGhRANCAAQevMdSxG0WvwxSORX5tdplm+y5ZleA",
            "LDA14UJQp38rzUXIi+X0bq534jFFT+YQIDqcX2Gx3g4McOWYn0/IPTqc",
            "-----END PRIVATE KEY-----", "");

    static final String RSA_PKCS1 = String.join("\n",
            "-----BEGIN RSA PRIVATE KEY-----",
            "MIICXAIBAAKBgQDS4Vpevd0x6NJbLOkq4XaDlNn2NrSx8Dd6F+27Pwc7fFxeu2L1",
            "XleatRKgesly6UnXQbbCcxL091BjhAkiX9+1iUGzWmxpgR8SnpyW57Xbmwr/Ftil",
            "03fOrb06hqWpNGNTg/E/iMaWBKrlz87PZbgOebbRb6FJEMASnVw1YGFZOwIDAQAB",
            "AoGAamdi3eMXNROw8GhczlItJn946w73ZcE7fNOOFKjc0VsSkIokiIIt2dX7rBXI",
            "h77Gj2KNANhnfEs9uLjqkvmlOl1Ki+y91ePMhAowQsbsl6IhuXOlML6utU64WHLX",
            "ZUtO0Y8KD9Xg1UjtLws6HLo5o0PhbEZ5PBhMJ+XdiyUNriECQQD1z9oW0eilyXi+",
            "h5hL1cIs2T5h8qnJETVnk076uzNxVhG4pfTP5CQYR7XrKw2o8ralyLryug0BeK9X",
            "oeJBPeRVAkEA257dU4G1tDR/x9U6If8D209MSwDkMomfNWXonGwVrtRtQbaBsC2D",
            "p1AkllEDwV3XbdQDShtE91b+TlNKlfNXTwJAGA6lm4IjsMYNCSigIRvkixsf3dov",
            "/7utbFugaS2VFUyFI3sqgIYlejLafQ+ToKtQcN06XrMSvsge8Qao7BWwmQJABaqs",
            "tUnkgVjVbzeOP3BQDimWo1zLho5MgFk3zklvqcorY4WtBPm3quqDdylx+lxMgbX1",
            "u8TGW8dv2l+FziawOwJBALzaPEoRcy47qJuIMUq1bZCiEDEcsJaia06ChoYcWpzK",
            "nvqxROQxD0Akr7GDIlSl/nc7ZgTMnDhHhxtCdzxm944=",
            "-----END RSA PRIVATE KEY-----", "");

    static final String RSA_PKCS8 = String.join("\n",
            "-----BEGIN PRIVATE KEY-----",
            "MIICdgIBADANBgkqhkiG9w0BAQEFAASCAmAwggJcAgEAAoGBANLhWl693THo0lss",
            "6SrhdoOU2fY2tLHwN3oX7bs/Bzt8XF67YvVeV5q1EqB6yXLpSddBtsJzEvT3UGOE",
            "CSJf37WJQbNabGmBHxKenJbntdubCv8W2KXTd86tvTqGpak0Y1OD8T+IxpYEquXP",
            "zs9luA55ttFvoUkQwBKdXDVgYVk7AgMBAAECgYBqZ2Ld4xc1E7DwaFzOUi0mf3jr",
            "DvdlwTt8044UqNzRWxKQiiSIgi3Z1fusFciHvsaPYo0A2Gd8Sz24uOqS+aU6XUqL",
            "7L3V48yECjBCxuyXoiG5c6Uwvq61TrhYctdlS07RjwoP1eDVSO0vCzocujmjQ+Fs",
            "Rnk8GEwn5d2LJQ2uIQJBAPXP2hbR6KXJeL6HmEvVwizZPmHyqckRNWeTTvq7M3FW",
            "Ebil9M/kJBhHtesrDajytqXIuvK6DQF4r1eh4kE95FUCQQDbnt1TgbW0NH/H1Toh",
            "/wPbT0xLAOQyiZ81ZeicbBWu1G1BtoGwLYOnUCSWUQPBXddt1ANKG0T3Vv5OU0qV",
            "81dPAkAYDqWbgiOwxg0JKKAhG+SLGx/d2i//u61sW6BpLZUVTIUjeyqAhiV6Mtp9",
            "D5Ogq1Bw3TpesxK+yB7xBqjsFbCZAkAFqqy1SeSBWNVvN44/cFAOKZajXMuGjkyA",
            "WTfOSW+pyitjha0E+beq6oN3KXH6XEyBtfW7xMZbx2/aX4XOJrA7AkEAvNo8ShFz",
            "Ljuom4gxSrVtkKIQMRywlqJrToKGhhxanMqe+rFE5DEPQCSvsYMiVKX+dztmBMyc",
            "OEeHG0J3PGb3jg==",
            "-----END PRIVATE KEY-----", "");

}
