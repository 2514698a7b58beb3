// Code signing and notarization for `npm run dist`, from environment variables only (never a file in the
// repository). What is missing is skipped with a printed notice, so a build without certificates still
// produces an installer (unsigned: Windows SmartScreen and macOS Gatekeeper warn about it).
//
// Windows: CSC_LINK (the .pfx/.p12 certificate: a path, https URL or base64) and CSC_KEY_PASSWORD;
//          WIN_CSC_LINK / WIN_CSC_KEY_PASSWORD take precedence when one build signs for both systems.
// macOS:   CSC_LINK + CSC_KEY_PASSWORD (a "Developer ID Application" certificate) or CSC_NAME (an identity
//          already in the keychain); notarization with APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD +
//          APPLE_TEAM_ID, or an App Store Connect API key: APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER.
// These are electron-builder's own variables: it reads them itself; this only decides what to skip.

const set = (env, name) => typeof env[name] === 'string' && env[name].trim() !== '';

const appleIdVariables = ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];
const appleApiKeyVariables = ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'];

/** A certificate given as a file or text, with its password (a prefix picks the platform's own pair). */
function certificate(env, prefix) {
  const link = [`${prefix}CSC_LINK`, 'CSC_LINK'].find((name) => set(env, name));
  if (link === undefined) return { present: false, problem: null };
  const password = link.startsWith(prefix) && prefix !== '' ? `${prefix}CSC_KEY_PASSWORD` : 'CSC_KEY_PASSWORD';
  return set(env, password)
    ? { present: true, problem: null }
    : { present: false, problem: `${link} is set but ${password} is not: give the certificate's password.` };
}

/** Which of a group of variables that must come together are missing (none set: not asked for). */
function partial(env, names) {
  const missing = names.filter((name) => !set(env, name));
  return missing.length === names.length ? null : missing;
}

/**
 * What electron-builder is told for `target` ('win' | 'mac' | 'linux') given `env`: extra command-line
 * config (`args`), extra environment, a notice per skipped step, and `errors` for a half-given setup
 * (a certificate without its password, two of three Apple variables), which stop the build: a person who
 * meant to sign must not get an unsigned installer by a typo.
 */
export function signingPlan(env, target) {
  const notices = [];
  const errors = [];
  const args = [];
  const extraEnv = {};
  if (target === 'win') {
    const cert = certificate(env, 'WIN_');
    if (cert.problem !== null) errors.push(cert.problem);
    else if (!cert.present) {
      notices.push(
        'Windows installer NOT signed: set CSC_LINK (or WIN_CSC_LINK) to the code-signing certificate (.pfx) and CSC_KEY_PASSWORD to sign it.',
      );
    }
  }
  if (target === 'mac') {
    const cert = certificate(env, '');
    const signed = cert.present || set(env, 'CSC_NAME');
    if (cert.problem !== null) errors.push(cert.problem);
    else if (!signed) {
      notices.push(
        'macOS app NOT signed: set CSC_LINK to a "Developer ID Application" certificate (.p12) and CSC_KEY_PASSWORD, or CSC_NAME to a keychain identity.',
      );
      // Without this electron-builder would sign with whatever identity the keychain holds.
      args.push('-c.mac.identity=null');
      extraEnv.CSC_IDENTITY_AUTO_DISCOVERY = 'false';
    }
    const byId = partial(env, appleIdVariables);
    const byKey = partial(env, appleApiKeyVariables);
    for (const missing of [byId, byKey]) {
      if (missing !== null && missing.length > 0) errors.push(`Notarization needs ${missing.join(', ')} as well.`);
    }
    const notarize = (byId !== null && byId.length === 0) || (byKey !== null && byKey.length === 0);
    if (notarize && !signed && cert.problem === null) {
      errors.push('Notarization needs a signed app: set CSC_LINK and CSC_KEY_PASSWORD (or CSC_NAME) too.');
    }
    if (!notarize && errors.length === 0) {
      notices.push(
        'macOS app NOT notarized: set APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID (or APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER) to notarize it.',
      );
      args.push('-c.mac.notarize=false');
    }
  }
  return { args, env: extraEnv, notices, errors };
}
