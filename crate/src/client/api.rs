//! The client: one server, one user. Each area of the API adds its calls in its own file
//! (`login.rs`, `directory.rs`, ...); this file holds the state they share.

use std::cell::RefCell;
use std::rc::Rc;

use crate::pgp::UnlockedKey;
use crate::protocol::api_error::ApiError;
use crate::protocol::auth::{AuthError, ServerKey, ServerKeyPin};
use crate::protocol::field_rules::FieldViolation;
use crate::protocol::gpgkeys::KeyringSync;

use super::base_url::BaseUrl;
use super::connection::Connection;
use super::error::ClientError;
use super::transport::Transport;
use super::vault::VaultState;

/// How to build a client.
#[derive(Debug, Clone, Default)]
pub struct ClientOptions {
    /// The server key fingerprint the account pinned, if any: another key is then refused with
    /// `SERVER_KEY_CHANGED`. Without it the first verified key is pinned (trust on first use)
    /// and reported as such.
    pub server_fingerprint: Option<String>,
}

/// The logged-in user.
pub(crate) struct Account {
    pub(crate) user_id: String,
    pub(crate) key: UnlockedKey,
}

/// The server's key as verified, and the pin.
#[derive(Default)]
pub(crate) struct ServerState {
    pub(crate) pin: Option<ServerKeyPin>,
    pub(crate) key: Option<Rc<ServerKey>>,
}

/// A Passbolt client over a [`Transport`].
pub struct Client<T> {
    pub(crate) conn: Connection<T>,
    pub(crate) server: RefCell<ServerState>,
    pub(crate) account: RefCell<Option<Rc<Account>>>,
    /// The organisation's public keys and the sync cursor (`directory.rs`).
    pub(crate) keyring: RefCell<KeyringSync>,
    /// Metadata keys, their trust, session keys and the last decrypted list (`vault.rs`).
    pub(crate) vault: RefCell<VaultState>,
}

impl<T: Transport> Client<T> {
    /// A client of the server at `url` (`https://host[:port][/path]`).
    ///
    /// Errors: [`ClientError::InvalidUrl`]; [`ClientError::Auth`] `INVALID_FINGERPRINT` for a
    /// pinned fingerprint that is not 40 hex digits.
    pub fn new(url: &str, transport: T, options: ClientOptions) -> Result<Self, ClientError> {
        let base = BaseUrl::parse(url)?;
        let pin = options
            .server_fingerprint
            .as_deref()
            .map(ServerKeyPin::new)
            .transpose()?;
        Ok(Client {
            conn: Connection::new(base, transport),
            server: RefCell::new(ServerState { pin, key: None }),
            account: RefCell::new(None),
            keyring: RefCell::new(KeyringSync::new()),
            vault: RefCell::new(VaultState::default()),
        })
    }

    /// The server's base URL, without a trailing slash.
    pub fn url(&self) -> &str {
        self.conn.base().as_str()
    }

    /// The pinned server fingerprint: the one given, or the one verified on first use.
    pub fn server_fingerprint(&self) -> Option<String> {
        self.server
            .borrow()
            .pin
            .as_ref()
            .map(|p| p.fingerprint().to_owned())
    }

    /// The logged-in user's id.
    pub fn user_id(&self) -> Option<String> {
        self.account.borrow().as_ref().map(|a| a.user_id.clone())
    }

    /// The logged-in account, or [`ClientError::NotLoggedIn`].
    pub(crate) fn account(&self) -> Result<Rc<Account>, ClientError> {
        self.account
            .borrow()
            .clone()
            .ok_or(ClientError::NotLoggedIn)
    }

    /// The verified server key, or [`ClientError::ServerNotVerified`].
    pub(crate) fn server_key(&self) -> Result<Rc<ServerKey>, ClientError> {
        self.server
            .borrow()
            .key
            .clone()
            .ok_or(ClientError::ServerNotVerified)
    }

    /// Forgets what was read for the logged-in user (keyring, metadata keys, session keys,
    /// decrypted metadata); the trusted metadata key fingerprint is kept, like the pin.
    pub(crate) fn forget_user_data(&self) {
        *self.keyring.borrow_mut() = KeyringSync::new();
        self.vault.borrow_mut().forget_user_data();
    }

    /// Refuses an id that is not a UUID before anything is sent (`INVALID_INPUT`).
    pub(crate) fn check_id(field: &str, id: &str) -> Result<(), ClientError> {
        if crate::protocol::uuid::is_uuid(id) {
            return Ok(());
        }
        Err(ClientError::Api(ApiError::InvalidInput {
            violations: vec![FieldViolation {
                path: field.to_owned(),
                rule: "format",
                message: format!("{field} must be a UUID"),
            }],
        }))
    }

    pub(crate) fn pin(&self) -> Option<ServerKeyPin> {
        self.server.borrow().pin.clone()
    }

    pub(crate) fn keep_server_key(&self, key: ServerKey) -> Result<(), AuthError> {
        let pin = ServerKeyPin::new(key.fingerprint())?;
        let mut server = self.server.borrow_mut();
        server.pin = Some(pin);
        server.key = Some(Rc::new(key));
        Ok(())
    }
}
