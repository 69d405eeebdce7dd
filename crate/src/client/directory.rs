//! Users, groups and the keyring (§6.1): lists, and the sync of public keys that asks only for
//! the keys modified since the last `servertime`.

use crate::pgp::PublicKey;
use crate::protocol::gpgkeys::SyncChanges;
use crate::protocol::groups::{self, Group, GroupContain, ListGroups};
use crate::protocol::users::{self, ListUsers, User, UserContain};

use super::api::Client;
use super::error::ClientError;
use super::transport::Transport;

impl<T: Transport> Client<T> {
    /// The organisation's active users, with their profile, role and public key.
    ///
    /// Errors: [`ClientError::NotLoggedIn`] and the session errors of every call, the envelope
    /// errors, [`ClientError::Api`] (`MALFORMED_RESPONSE`, ...).
    pub async fn users(&self) -> Result<Vec<User>, ClientError> {
        self.account()?;
        let request = ListUsers {
            contain: vec![UserContain::Profile, UserContain::Role, UserContain::Gpgkey],
            ..ListUsers::default()
        }
        .request();
        let response = self.conn.call(request).await?;
        Ok(users::parse_list(&response)?)
    }

    /// The groups, each with its members (`groups_users` with the users' profiles).
    ///
    /// Errors: as [`Client::users`].
    pub async fn groups(&self) -> Result<Vec<Group>, ClientError> {
        self.account()?;
        let request = ListGroups {
            contain: vec![
                GroupContain::GroupsUsers,
                GroupContain::GroupsUsersUser,
                GroupContain::GroupsUsersUserProfile,
                GroupContain::MyGroupUser,
            ],
            ..ListGroups::default()
        }
        .request();
        let response = self.conn.call(request).await?;
        Ok(groups::parse_list(&response)?)
    }

    /// Brings the client's keyring up to date: the first sync fetches every key, later ones
    /// only the keys modified (and deleted) since the `servertime` of the previous sync
    /// (`filter[modified-after]`). All or nothing: on error the keyring is unchanged.
    ///
    /// Errors: as [`Client::users`].
    pub async fn sync_keys(&self) -> Result<SyncChanges, ClientError> {
        self.account()?;
        let requests = self.keyring.borrow().sync_requests();
        let mut responses = Vec::with_capacity(requests.len());
        for request in requests {
            responses.push(self.conn.call(request).await?);
        }
        Ok(self.keyring.borrow_mut().apply(&responses)?)
    }

    /// The `servertime` of the last keyring sync, if any.
    pub fn keyring_cursor(&self) -> Option<i64> {
        self.keyring.borrow().cursor()
    }

    /// How many users' keys the keyring holds.
    pub fn keyring_len(&self) -> usize {
        self.keyring.borrow().len()
    }

    /// Syncs the keyring unless it was synced before.
    pub(crate) async fn ensure_keyring(&self) -> Result<(), ClientError> {
        if self.keyring.borrow().cursor().is_none() {
            self.sync_keys().await?;
        }
        Ok(())
    }

    /// The public key of a user from the keyring, synced once more when it is not there.
    ///
    /// Errors: [`ClientError::MissingKey`] when the server has no key for the user;
    /// [`ClientError::Api`] for a key that cannot be read or whose fingerprint is wrong.
    pub(crate) async fn user_public_key(&self, user_id: &str) -> Result<PublicKey, ClientError> {
        self.ensure_keyring().await?;
        if self.keyring.borrow().get(user_id).is_none() {
            self.sync_keys().await?;
        }
        let found = self.keyring.borrow().public_key(user_id);
        match found {
            Some(key) => Ok(key?),
            None => Err(ClientError::MissingKey {
                user_id: user_id.to_owned(),
            }),
        }
    }
}
